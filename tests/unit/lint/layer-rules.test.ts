import { beforeAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/**
 * The layer rules of DESIGN.md are lint errors. Each case lints a one-line file placed in a
 * layer and checks that the forbidden import is reported (and that an allowed one is not).
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(path: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
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
];

describe('layer rules', () => {
  // ESLint loads its config and plugins on first use: seconds, and half a minute on a loaded
  // machine. Paid here, once, not inside the first case's time limit.
  beforeAll(() => eslint.calculateConfigForFile('src-main/core/zz-probe.ts'), 120_000);

  it.each(cases)('%s is a lint error', async (_layer, path, code) => {
    expect(await restrictedImports(path, code)).toBeGreaterThan(0);
  });

  it('allows what DESIGN.md allows', async () => {
    expect(await restrictedImports('src-renderer/stores/zz-probe.ts', "import { parseArn } from '@contract/arn';\nexport const x = parseArn;\n")).toBe(0);
    expect(await restrictedImports('src-main/core/zz-probe.ts', "import { methods } from '../contract/api';\nexport const x = methods;\n")).toBe(0);
    expect(await restrictedImports('src-main/web/zz-probe.ts', "import { startSimProcess } from '../sim/embedded';\nexport const x = startSimProcess;\n")).toBe(0);
    expect(await restrictedImports('src-main/preload/zz-probe.ts', "import { contextBridge } from 'electron';\nimport { IPC_CALL_CHANNEL } from '../contract/channels';\nexport const x = [contextBridge, IPC_CALL_CHANNEL];\n")).toBe(0);
  });
});
