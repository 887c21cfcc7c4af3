/**
 * Where the app itself lives: `app://wharf/`. Every check that asks "is this our page?"
 * goes through `isAppUrl`, parsed with the URL parser (never startsWith).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'wharf';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `raw` is a URL on the app's own origin. Node's URL gives `origin === 'null'` for
 * schemes it does not know, so protocol and host are compared instead; a port or user info
 * makes it a different origin.
 */
export function isAppUrl(raw: string | undefined | null): boolean {
  if (!raw) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && !url.username && !url.password;
}
