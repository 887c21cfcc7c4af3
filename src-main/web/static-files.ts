import { readRendererFile, rendererFile } from '../core/security/renderer-files';

/** Reads a file of the built renderer for browser mode; refuses anything outside `root`. */
export async function readStatic(root: string, urlPath: string): Promise<{ body: Buffer; type: string } | null> {
  const decoded = safeDecode(urlPath);
  const file = decoded === null ? null : rendererFile(root, decoded);
  return file ? readRendererFile(file) : null;
}

function safeDecode(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}
