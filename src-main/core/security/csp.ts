/**
 * The renderer's Content-Security-Policy, shared by the Electron protocol handler and
 * browser mode. ECharts sets inline style attributes, hence `style-src-attr 'unsafe-inline'`;
 * Naive UI injects <style> elements at run time (css-render), hence `style-src-elem` needs
 * 'unsafe-inline' too. No remote origins anywhere.
 */
export function rendererCsp(connectSrc: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "style-src-attr 'unsafe-inline'",
    "style-src-elem 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connectSrc}`,
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
