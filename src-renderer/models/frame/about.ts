import type { AppInfo } from '@contract/domains/app';

/** One line of the About dialog: a label and its value, with a stable key for tests. */
export interface AboutFact {
  key: string;
  label: string;
  value: string;
}

export interface AboutWharf {
  /** "Wharf 0.1.0" */
  title: string;
  /** What runs Wharf, in one sentence. */
  summary: string;
  facts: AboutFact[];
}

const SYSTEMS: Record<string, string> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };

/** "Linux x64", "macOS arm64". */
export function systemName(platform: string, arch: string): string {
  return `${SYSTEMS[platform] ?? platform} ${arch}`;
}

/** The browser a user agent names, with its major version: "Chromium 156", "Firefox 133"; null when unknown. */
export function browserOf(userAgent: string): string | null {
  const patterns: Array<[RegExp, string]> = [
    [/Edg\/(\d+)/, 'Edge'],
    [/Firefox\/(\d+)/, 'Firefox'],
    [/Chromium\/(\d+)/, 'Chromium'],
    [/Chrome\/(\d+)/, 'Chrome'],
    [/Version\/(\d+)[\d.]* .*Safari\//, 'Safari'],
  ];
  for (const [pattern, name] of patterns) {
    const match = pattern.exec(userAgent);
    if (match) return `${name} ${match[1]}`;
  }
  return null;
}

/**
 * The About dialog's content from app.info (version, commit, what runs Wharf) and, in browser
 * mode, the browser the page runs in: there Wharf's main side runs on plain Node, not Electron.
 */
export function aboutWharf(info: AppInfo | null, userAgent: string): AboutWharf {
  if (!info) {
    return { title: 'Wharf', summary: 'Wharf could not read its own description from its main process (app.info did not answer).', facts: [] };
  }
  const { runtime } = info;
  const system = systemName(runtime.platform, runtime.arch);
  const facts: AboutFact[] = [
    { key: 'version', label: 'Version', value: info.version },
    { key: 'commit', label: 'Commit', value: info.commit },
  ];
  let summary: string;
  if (info.transport === 'electron') {
    summary = `The desktop app: Electron ${runtime.electron ?? '?'} on ${system}.`;
    facts.push(
      { key: 'electron', label: 'Electron', value: runtime.electron ?? 'unknown' },
      { key: 'chrome', label: 'Chrome', value: runtime.chrome ?? 'unknown' },
      { key: 'node', label: 'Node', value: runtime.node },
      { key: 'v8', label: 'V8', value: runtime.v8 },
      { key: 'system', label: 'System', value: system },
    );
  } else {
    const browser = browserOf(userAgent) ?? 'your browser';
    summary = `Browser mode: no Electron. Wharf's main side runs on Node ${runtime.node} (${system}) and serves this page, which runs in ${browser}.`;
    facts.push(
      { key: 'mode', label: 'Runs as', value: 'browser mode (npm run web)' },
      { key: 'node', label: 'Main side', value: `Node ${runtime.node}, V8 ${runtime.v8}` },
      { key: 'system', label: 'System', value: system },
      { key: 'browser', label: 'This page', value: browser },
    );
  }
  facts.push({ key: 'updates', label: 'Updates', value: `${info.updates.state}: ${info.updates.detail}` });
  if (info.demoScenario) facts.push({ key: 'demo', label: 'Demo account', value: `the built-in sim, scenario ${info.demoScenario}` });
  facts.push({ key: 'data', label: 'Data folder', value: info.dataDir });
  return { title: `Wharf ${info.version}`, summary, facts };
}
