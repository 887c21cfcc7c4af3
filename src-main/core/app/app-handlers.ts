import { WharfError } from '../../contract/errors';
import type { PrefixHandlers } from '../rpc/handlers';
import type { CoreOptions } from '../options';
import { checkExternalUrl } from './external-url';
import type { RuntimeInfo, appMethods } from '../../contract/domains/app';

export interface ExternalOpener {
  /** The shell's way to open a URL in the system browser (Electron's shell.openExternal). */
  (url: string): Promise<void>;
}

export function appHandlers(deps: { options: CoreOptions; openExternal: ExternalOpener | null }): PrefixHandlers<typeof appMethods, 'app.'> {
  return {
    'app.info': () => ({
      version: deps.options.version,
      commit: deps.options.commit ?? 'unknown',
      transport: deps.options.transport,
      runtime: runtimeInfo(),
      updates: deps.options.updates ?? { state: 'off', detail: 'no update feed configured' },
      demoScenario: deps.options.demo?.scenario ?? null,
      dataDir: deps.options.dataDir,
    }),
    'app.openExternal': async ({ url }) => {
      const checked = checkExternalUrl(url);
      if (!checked.ok) throw new WharfError('FORBIDDEN', checked.reason);
      // In browser mode the renderer opens the link itself after this check says yes.
      if (!deps.openExternal) return { opened: false };
      // Not Electron's shell: the shell's hook, called with the URL checked above (electronegativity
      // flags any `.openExternal(` call for review; reviewed).
      await deps.openExternal(checked.url); // eng-disable OPEN_EXTERNAL_JS_CHECK
      return { opened: true };
    },
  };
}

/** What this process runs on: Electron's versions are there only inside Electron. */
export function runtimeInfo(versions: NodeJS.ProcessVersions = process.versions): RuntimeInfo {
  return {
    electron: versions.electron ?? null,
    chrome: versions.chrome ?? null,
    node: versions.node,
    v8: versions.v8,
    platform: process.platform,
    arch: process.arch,
  };
}
