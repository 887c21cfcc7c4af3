export const CHROMIUM_ARGS: string[];
export function chromiumLocation(): string;
export function chromiumPath(): string;
