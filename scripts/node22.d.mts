// Types of node22.mjs (plain JavaScript: it runs before anything is compiled).
export const NODE_MAJOR: number;
export class SetupError extends Error {}
export function nodePackageFor(platform?: string, arch?: string): string | null;
export function majorOf(version: string): number;
export function cachedNodePath(root: string, pkg: string, platform?: string): string;
export function versionOf(binary: string): string | null;
export function npmCommand(node?: string): { cmd: string; args: string[]; shell: boolean };
export function ensureNode22(options: { root: string; log?: (line: string) => void }): string;
export function envFor(node: string, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function rerunUnderNode22(options: { root: string; script: string; args?: string[]; log?: (line: string) => void }): Promise<void>;
