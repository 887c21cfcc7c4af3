/**
 * What `npm test` does about missing system tools: install them with apt-get where it may (root,
 * or password-less sudo), else stop at once with the one command to run.
 */
import { describe, expect, it } from 'vitest';
import { checkTools, installAccess, installCommand, planInstall, type Tool } from '../../../scripts/test-tools.mjs';

const tool = (name: string, packages: string[], extra: Partial<Tool> = {}): Tool => ({ name, ok: false, detail: `/usr/bin/${name}`, packages, ...extra });
const chromium = tool('Chromium (e2e tests)', ['chromium']);
const awscli = tool("Debian's AWS CLI (contract tests)", ['awscli']);
const botocore = tool("Debian's botocore models (contract tests)", ['python3-botocore']);
const root = { how: 'root', why: '', command: 'root' } as const;
const sudo = { how: 'sudo', why: '', command: 'sudo' } as const;
const noSudo = { how: null, why: 'not root, and sudo asks for a password', command: 'sudo' } as const;

describe('npm test and the system tools', () => {
  it('as root or with sudo: installs every missing package in one apt-get', () => {
    expect(planInstall({ missing: [chromium, awscli, botocore], access: root, env: {} })).toEqual({
      packages: ['chromium', 'awscli', 'python3-botocore'],
      command: "su -c 'apt-get install -y chromium awscli python3-botocore'",
      stop: null,
    });
    expect(planInstall({ missing: [awscli], access: sudo, env: {} })).toMatchObject({ packages: ['awscli'], stop: null });
  });

  it('without root or password-less sudo: stops with the one command', () => {
    expect(planInstall({ missing: [chromium, botocore], access: noSudo, env: {} })).toEqual({
      packages: ['chromium', 'python3-botocore'],
      command: 'sudo apt-get install -y chromium python3-botocore',
      stop: 'cannot install what is missing here: not root, and sudo asks for a password.',
    });
    const mac = planInstall({ missing: [awscli], access: { how: null, why: 'not Linux', command: 'sudo' }, env: {} });
    expect(mac.stop).toBe("cannot install what is missing here: not Linux (the tests expect Debian's packages: run them on Debian or Ubuntu, or in CI).");
  });

  it('WHARF_TEST_INSTALL=0 never installs; a wrong CHROMIUM_PATH is the user\'s to fix', () => {
    expect(planInstall({ missing: [awscli], access: root, env: { WHARF_TEST_INSTALL: '0' } })).toMatchObject({ stop: 'installing is off (WHARF_TEST_INSTALL=0).', command: "su -c 'apt-get install -y awscli'" });
    const custom = tool('Chromium (e2e tests)', [], { detail: '/opt/chrome' });
    expect(planInstall({ missing: [custom], access: root, env: {} })).toMatchObject({ stop: expect.stringMatching(/^Chromium \(e2e tests\) is not at \/opt\/chrome: fix CHROMIUM_PATH/), command: null });
  });

  it('a node-pty that does not load is rebuilt; only the compiler it lacks is installed', () => {
    const pty = tool('node-pty (the sim exec agent)', ['g++'], { after: 'rebuild-node-pty' });
    expect(planInstall({ missing: [pty], access: root, env: {} })).toMatchObject({ packages: ['g++'], stop: null });
    expect(planInstall({ missing: [{ ...pty, packages: [] }], access: noSudo, env: {} })).toMatchObject({ packages: [], stop: null });
  });

  it('checks this machine: every tool named, node-pty loading under this Node', () => {
    const tools = checkTools({ node: process.execPath, root: process.cwd(), env: {} });
    expect(tools.map((t) => t.name)).toEqual(['Chromium (e2e tests)', "Debian's AWS CLI (contract tests)", "Debian's botocore models (contract tests)", 'node-pty (the sim exec agent)']);
    expect(tools.find((t) => t.name.startsWith('node-pty'))).toMatchObject({ ok: true, detail: 'loads' });
    expect(checkTools({ node: process.execPath, root: process.cwd(), env: { CHROMIUM_PATH: '/nowhere/chromium' } })[0]).toMatchObject({ ok: false, packages: [] });
    expect(['root', 'sudo', null]).toContain(installAccess().how);
    expect(installCommand(['chromium'], 'sudo')).toBe('sudo apt-get install -y chromium');
  });
});
