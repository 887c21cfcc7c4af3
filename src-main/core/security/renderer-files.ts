import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The built renderer's files as both shells serve them (Electron's `app://` protocol and
 * browser mode's HTTP server): one content-type table and one containment rule.
 */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export function contentTypeOf(file: string): string {
  return TYPES[extname(file)] ?? 'application/octet-stream';
}

/**
 * The file under `root` that a decoded URL path names (`/` is index.html), or null: a NUL, or
 * anything that resolves to the folder itself or outside it.
 */
export function rendererFile(root: string, decodedPath: string): string | null {
  if (decodedPath.includes('\0')) return null;
  const base = resolve(root);
  const full = resolve(base, decodedPath === '/' ? 'index.html' : decodedPath.replace(/^\/+/, ''));
  const rel = relative(base, full);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return full;
}

/** Reads a file `rendererFile` allowed; null when it is not a readable file. */
export async function readRendererFile(file: string): Promise<{ body: Buffer; type: string } | null> {
  try {
    if (!(await stat(file)).isFile()) return null;
    return { body: await readFile(file), type: contentTypeOf(file) };
  } catch {
    return null;
  }
}
