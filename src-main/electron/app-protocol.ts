/**
 * The app's own origin: `app://wharf/` serves the built renderer from disk with the CSP
 * header, instead of `file://` (which would give every page the whole disk as its origin).
 */
import { protocol } from 'electron';
import { extname } from 'node:path';
import { readRendererFile, rendererFile } from '../core/security/renderer-files';
import { APP_HOST, APP_SCHEME } from './origin';

/** Must run before `app` is ready: makes `app:` a standard, secure origin with fetch. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Maps a request URL to a file under `rendererDir`, or null: another host, an encoded `..`
 * or NUL, or anything that resolves outside the folder. A path without an extension is a
 * client-side route and gets index.html.
 */
export function resolveAppPath(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  let path: string;
  try {
    url = new URL(requestUrl);
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) return null;
  return rendererFile(rendererDir, extname(path) ? path : '/');
}

/** The response for one `app://` request, with the renderer's CSP on every answer. */
export async function serveAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  const headers: Record<string, string> = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
  // rendererCsp("'self'") from core/security/csp.ts, written out as a literal so that
  // electronegativity's CSP check can read and evaluate the policy the window really gets
  // (it cannot follow a function call). tests/unit/electron/app-protocol.test.ts fails if
  // the two ever differ.
  headers['Content-Security-Policy'] =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; style-src-attr 'unsafe-inline'; style-src-elem 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";
  const file = resolveAppPath(rendererDir, requestUrl);
  const found = file ? await readRendererFile(file) : null;
  if (!found) return new Response('Not found.', { status: 404, headers });
  return new Response(found.body, { status: 200, headers: { ...headers, 'Content-Type': found.type } });
}

/** After `app` is ready: answer `app://wharf/...` from the built renderer. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request.url));
}
