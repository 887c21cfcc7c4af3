/**
 * The git commit the running build was made from: electron-vite writes it in at build time
 * (electron.vite.config.ts, `__WHARF_COMMIT__`). Unbuilt code (tests under vitest) has none.
 */
declare const __WHARF_COMMIT__: string | undefined;

export const BUILD_COMMIT: string = typeof __WHARF_COMMIT__ === 'string' && __WHARF_COMMIT__ ? __WHARF_COMMIT__ : 'unknown';
