// Types of dist-check.mjs.
export const FUSE_SENTINEL: string;
export function fakeElectronBinary(): Buffer;
export function appEntryFiles(root?: string): Array<{ path: string; why: string }>;
