// Types of icons.mjs.
export const ROOT: string;
export const PNG_SIZES: number[];
export function renderPng(svg: Buffer | string, size: number): Buffer;
export function renderIcons(svg?: Buffer | string): Record<string, Buffer>;
