// Types of test-tools.mjs.
export interface Tool {
  name: string;
  ok: boolean;
  detail: string;
  packages: string[];
  after?: 'rebuild-node-pty';
}
export interface InstallAccess {
  how: 'root' | 'sudo' | null;
  why: string;
  command: 'root' | 'sudo';
}
export const CHROMIUM: string;
export const AWS_CLI: string;
export const BOTOCORE_MODELS: string;
export function nodePtyLoads(node: string, root: string): { ok: boolean; error: string };
export function checkTools(options: { node: string; root: string; env?: NodeJS.ProcessEnv }): Tool[];
export function installAccess(platform?: string): InstallAccess;
export function installCommand(packages: string[], how: 'root' | 'sudo'): string;
export function planInstall(options: { missing: Tool[]; access: InstallAccess; env?: NodeJS.ProcessEnv }): { packages: string[]; command: string | null; stop: string | null };
export function osName(): string;
export function aptInstall(packages: string[], how: 'root' | 'sudo', log?: (line: string) => void): boolean;
