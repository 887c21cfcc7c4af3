import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveAppPath, serveAppRequest } from '../../../src-main/electron/app-protocol';
import { rendererCsp } from '../../../src-main/core/security/csp';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

let root: string;
let rendererDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wharf-proto-'));
  rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Wharf</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.json'), '{"secret":true}');
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe('app:// path resolution', () => {
  it('maps the root and client-side routes to index.html, assets to their files', () => {
    expect(resolveAppPath(rendererDir, 'app://wharf/')).toBe(join(rendererDir, 'index.html'));
    expect(resolveAppPath(rendererDir, 'app://wharf/clusters/demo')).toBe(join(rendererDir, 'index.html'));
    expect(resolveAppPath(rendererDir, 'app://wharf/assets/app.js')).toBe(join(rendererDir, 'assets', 'app.js'));
  });

  it('refuses other hosts and anything outside the renderer folder', () => {
    for (const url of [
      'app://evil/index.html',
      'https://wharf/index.html',
      'app://wharf/%2e%2e/secret.json',
      'app://wharf/..%2fsecret.json',
      'app://wharf/assets/..%2f..%2fsecret.json',
      'app://wharf/%2e%2e%5csecret.json',
      'app://wharf/index.html%00.js',
      'app://wharf/%E0%A4%A',
    ]) {
      const resolved = resolveAppPath(rendererDir, url);
      expect(resolved === null || resolved.startsWith(rendererDir + '/'), `${url} -> ${resolved}`).toBe(true);
      expect(resolved, url).not.toBe(join(root, 'secret.json'));
    }
    expect(resolveAppPath(rendererDir, 'app://wharf/..%2fsecret.json')).toBeNull();
  });
});

describe('app:// responses', () => {
  it('serve the page with the renderer CSP (connect-src self)', async () => {
    const response = await serveAppRequest(rendererDir, 'app://wharf/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toBe(rendererCsp("'self'"));
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await response.text()).toContain('<title>Wharf</title>');
  });

  it('answer a traversal attempt with 404 and no file content', async () => {
    const response = await serveAppRequest(rendererDir, 'app://wharf/..%2fsecret.json');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('secret');
  });
});
