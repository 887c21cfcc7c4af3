import { beforeAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/**
 * The layer rules of docs/architecture.md are lint errors. Each case lints a one-line file placed in a
 * layer and checks that the forbidden import is reported (and that an allowed one is not).
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(path: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: path });
  // ESLint's rule and typescript-eslint's (which tells a type-only import from a value import).
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports').length;
}

const cases: Array<[layer: string, path: string, code: string]> = [
  ['renderer -> electron', 'src-renderer/stores/zz-probe.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
  ['renderer -> node built-in', 'src-renderer/stores/zz-probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
  ['renderer -> bare built-in', 'src-renderer/stores/zz-probe.ts', "import { join } from 'path';\nexport const x = join;\n"],
  ['renderer -> AWS SDK', 'src-renderer/stores/zz-probe.ts', "import { ECSClient } from '@aws-sdk/client-ecs';\nexport const x = ECSClient;\n"],
  ['renderer -> core', 'src-renderer/stores/zz-probe.ts', "import { createCore } from '../../src-main/core/core';\nexport const x = createCore;\n"],
  ['renderer -> sim', 'src-renderer/stores/zz-probe.ts', "import { startSim } from '../../src-main/sim/index';\nexport const x = startSim;\n"],
  ['core -> electron', 'src-main/core/zz-probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
  ['core -> sim', 'src-main/core/zz-probe.ts', "import { startSim } from '../sim/index';\nexport const x = startSim;\n"],
  ['core -> web', 'src-main/core/zz-probe.ts', "import { startWebServer } from '../web/server';\nexport const x = startWebServer;\n"],
  ['sim -> core', 'src-main/sim/zz-probe.ts', "import { createCore } from '../core/core';\nexport const x = createCore;\n"],
  ['sim -> contract', 'src-main/sim/zz-probe.ts', "import { methods } from '../contract/api';\nexport const x = methods;\n"],
  ['sim -> AWS SDK', 'src-main/sim/zz-probe.ts', "import { ECSClient } from '@aws-sdk/client-ecs';\nexport const x = ECSClient;\n"],
  ['contract -> core', 'src-main/contract/zz-probe.ts', "import { createCore } from '../core/core';\nexport const x = createCore;\n"],
  ['web -> electron', 'src-main/web/zz-probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
  ['preload -> npm package', 'src-main/preload/zz-probe.ts', "import { z } from 'zod';\nexport const x = z;\n"],
  // Inside the renderer: views -> components -> composables -> stores -> api; models and charts pure.
  ['renderer store -> view', 'src-renderer/stores/zz-probe.ts', "import { x as y } from '../views/service/zz';\nexport const x = y;\n"],
  ['renderer store -> component', 'src-renderer/stores/zz-probe.ts', "import C from '../components/service/ServiceTable.vue';\nexport const x = C;\n"],
  ['renderer store -> composable', 'src-renderer/stores/zz-probe.ts', "import { useRefresh } from '../composables/useRefresh';\nexport const x = useRefresh;\n"],
  ['renderer component -> api', 'src-renderer/components/service/zz-probe.ts', "import { useApi } from '../../api';\nexport const x = useApi;\n"],
  ['renderer component -> store api handle', 'src-renderer/components/service/zz-probe.ts', "import { storeApi } from '../../stores/api-context';\nexport const x = storeApi;\n"],
  ['renderer component -> view', 'src-renderer/components/service/zz-probe.ts', "import V from '../../views/service/ServiceDetailView.vue';\nexport const x = V;\n"],
  ['renderer Base* component -> store', 'src-renderer/components/base/zz-probe.ts', "import { useUiStore } from '../../stores/ui';\nexport const x = useUiStore;\n"],
  ['renderer view -> api', 'src-renderer/views/service/zz-probe.ts', "import { useApi } from '../../api';\nexport const x = useApi;\n"],
  ['renderer view -> store api handle', 'src-renderer/views/service/zz-probe.ts', "import { storeApi } from '../../stores/api-context';\nexport const x = storeApi;\n"],
  ['renderer App.vue -> api', 'src-renderer/App.vue', '<script setup lang="ts">\nimport { useApi } from \'./api\';\nuseApi();\n</script>\n'],
  ['renderer view (.vue) -> api', 'src-renderer/views/service/ZzProbe.vue', '<script setup lang="ts">\nimport { storeApi } from \'../../stores/api-context\';\nstoreApi();\n</script>\n'],
  ['renderer composable -> component', 'src-renderer/composables/zz-probe.ts', "import C from '../components/service/ServiceTable.vue';\nexport const x = C;\n"],
  ['renderer composable -> api', 'src-renderer/composables/zz-probe.ts', "import { useApi } from '../api';\nexport const x = useApi;\n"],
  ['renderer model -> store', 'src-renderer/models/service/zz-probe.ts', "import { useInventoryStore } from '../../stores/inventory';\nexport const x = useInventoryStore;\n"],
  ['renderer model -> vue', 'src-renderer/models/service/zz-probe.ts', "import { ref } from 'vue';\nexport const x = ref;\n"],
  ['renderer model -> api', 'src-renderer/models/service/zz-probe.ts', "import { useApi } from '../../api';\nexport const x = useApi;\n"],
  ['renderer format -> store', 'src-renderer/format/zz-probe.ts', "import { useUiStore } from '../stores/ui';\nexport const x = useUiStore;\n"],
  ['renderer chart -> store', 'src-renderer/charts/zz-probe.ts', "import { useInventoryStore } from '../stores/inventory';\nexport const x = useInventoryStore;\n"],
  ['renderer chart -> view', 'src-renderer/charts/zz-probe.ts', "import { x as y } from '../views/capacity/zz';\nexport const x = y;\n"],
  ['renderer chart -> vue', 'src-renderer/charts/zz-probe.ts', "import { computed } from 'vue';\nexport const x = computed;\n"],
  ['renderer api -> store', 'src-renderer/api/zz-probe.ts', "import { useUiStore } from '../stores/ui';\nexport const x = useUiStore;\n"],
  // The contract's schema modules reach the renderer as types only (a value import bundles zod).
  ['renderer store -> a contract domain\'s value', 'src-renderer/stores/zz-probe.ts', "import { ServiceRecord } from '@contract/domains/inventory';\nexport const x = ServiceRecord;\n"],
  ['renderer component (.vue) -> a contract domain\'s value', 'src-renderer/components/service/ZzProbe.vue', '<script setup lang="ts">\nimport { Focus } from \'@contract/domains/inventory\';\nFocus.parse({});\n</script>\n'],
  ['renderer model -> a contract domain\'s value (relative path)', 'src-renderer/models/service/zz-probe.ts', "import { Problem } from '../../../src-main/contract/domains/inventory';\nexport const x = Problem;\n"],
  ['renderer store -> the contract\'s method map', 'src-renderer/stores/zz-probe.ts', "import { methods } from '@contract/api';\nexport const x = methods;\n"],
  ['renderer store -> a value beside a type', 'src-renderer/stores/zz-probe.ts', "import { Focus, type ServiceRecord } from '@contract/domains/inventory';\nexport const x: [unknown, ServiceRecord?] = [Focus];\n"],
  ['contract helper -> a domain\'s value', 'src-main/contract/zz-probe.ts', "import { Problem } from './domains/inventory';\nexport const x = Problem;\n"],
];

describe('layer rules', () => {
  // ESLint loads its config and plugins on first use: seconds, and half a minute on a loaded
  // machine. Paid here, once, not inside the first case's time limit.
  beforeAll(() => eslint.calculateConfigForFile('src-main/core/zz-probe.ts'), 120_000);

  it.each(cases)('%s is a lint error', async (_layer, path, code) => {
    expect(await restrictedImports(path, code)).toBeGreaterThan(0);
  });

  it('allows what docs/architecture.md allows', async () => {
    expect(await restrictedImports('src-renderer/stores/zz-probe.ts', "import { parseArn } from '@contract/arn';\nexport const x = parseArn;\n")).toBe(0);
    expect(await restrictedImports('src-main/core/zz-probe.ts', "import { methods } from '../contract/api';\nexport const x = methods;\n")).toBe(0);
    expect(await restrictedImports('src-main/web/zz-probe.ts', "import { startSimProcess } from '../sim/embedded';\nexport const x = startSimProcess;\n")).toBe(0);
    // The renderer's allowed direction: views -> components -> composables -> stores -> api.
    expect(await restrictedImports('src-renderer/views/service/zz-probe.ts', "import C from '../../components/service/ServiceTable.vue';\nimport { useInventoryStore } from '../../stores/inventory';\nimport { serviceRows } from '../../models/inventory/service-rows';\nexport const x = [C, useInventoryStore, serviceRows];\n")).toBe(0);
    expect(await restrictedImports('src-renderer/components/service/zz-probe.ts', "import { useRefresh } from '../../composables/useRefresh';\nimport { useInventoryStore } from '../../stores/inventory';\nimport { strategyOption } from '../../charts/capacity-strategy-option';\nexport const x = [useRefresh, useInventoryStore, strategyOption];\n")).toBe(0);
    expect(await restrictedImports('src-renderer/stores/zz-probe.ts', "import { useApi } from '../api';\nimport { storeApi } from './api-context';\nimport { serviceRows } from '../models/inventory/service-rows';\nexport const x = [useApi, storeApi, serviceRows];\n")).toBe(0);
    expect(await restrictedImports('src-renderer/charts/zz-probe.ts', "import type { EChartsOption } from 'echarts';\nimport { figures } from '../models/placement/figures';\nimport { STATE_STYLES } from '../theme/states';\nexport const x: [EChartsOption?, unknown?, unknown?] = [undefined, figures, STATE_STYLES];\n")).toBe(0);
    expect(await restrictedImports('src-renderer/models/service/zz-probe.ts', "import { formatAge } from '../../format';\nimport { taskWords } from '../inventory/task-words';\nexport const x = [formatAge, taskWords];\n")).toBe(0);
    // Types of the contract's schema modules, in both spellings, and the contract's pure helpers as values.
    expect(await restrictedImports('src-renderer/stores/zz-probe.ts', "import type { Focus } from '@contract/domains/inventory';\nimport { type MethodName } from '@contract/api';\nimport { parseArn } from '@contract/arn';\nexport const x: [Focus?, MethodName?, unknown?] = [undefined, undefined, parseArn];\n")).toBe(0);
    expect(await restrictedImports('src-main/contract/zz-probe.ts', "import type { Problem } from './domains/inventory';\nexport const x: Problem[] = [];\n")).toBe(0);
    expect(await restrictedImports('src-main/preload/zz-probe.ts', "import { contextBridge } from 'electron';\nimport { IPC_CALL_CHANNEL } from '../contract/channels';\nexport const x = [contextBridge, IPC_CALL_CHANNEL];\n")).toBe(0);
  });
});
