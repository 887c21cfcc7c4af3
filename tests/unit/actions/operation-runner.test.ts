import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../src-main/contract/domains/session';
import { AuditLog } from '../../../src-main/core/audit/audit-log';
import { MutationGuard } from '../../../src-main/core/guard/mutation-guard';
import { OperationRunner, type OperationSpec } from '../../../src-main/core/actions/operation-runner';
import { SettingsStore } from '../../../src-main/core/settings/settings-store';
import type { OpenSession } from '../../../src-main/core/session/session-manager';

/** The runner's notion of one intent, with a counter standing in for AWS. */
let dir: string;
let runner: OperationRunner;
let audit: AuditLog;
let settings: SettingsStore;
let effects: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wharf-runner-'));
  audit = new AuditLog(dir);
  settings = new SettingsStore(dir);
  await settings.load();
  runner = new OperationRunner({ guard: new MutationGuard({ audit, settings }), audit });
  effects = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function session(over: Partial<SessionInfo> = {}): OpenSession {
  const info: SessionInfo = { profile: 'prod', kind: 'static', region: 'us-east-1', accountId: '111122223333', callerArn: 'arn:aws:iam::111122223333:user/me', readOnly: false, production: false, demo: false, openedAt: 0, ...over };
  return { info } as OpenSession;
}

function spec(over: Partial<OperationSpec<object>> = {}): OperationSpec<object> {
  return {
    requestId: 'req-00000001',
    args: { cluster: 'c', service: 'web', desiredCount: 3 },
    action: 'scale',
    target: 'arn:aws:ecs:us-east-1:111122223333:service/c/web',
    session: session(),
    confirmation: 'web',
    expected: 'web',
    before: { desiredCount: 2 },
    initialState: () => ({}),
    attempt: async () => {
      effects += 1;
      return { outcome: { taskDefinitionArn: null, deploymentId: null, serviceDeploymentArn: null, message: 'done' }, after: { desiredCount: 3 } };
    },
    ...over,
  };
}

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (err) {
    return (err as { code?: string }).code ?? 'THROWN';
  }
}

describe('OperationRunner intents', () => {
  it('replays the same intent and refuses the same request id in another profile, account or region', async () => {
    expect((await runner.execute(spec())).replayed).toBe(false);
    expect((await runner.execute(spec())).replayed).toBe(true);
    expect(await codeOf(runner.execute(spec({ session: session({ region: 'eu-west-1' }) })))).toBe('CONFLICT');
    expect(await codeOf(runner.execute(spec({ session: session({ accountId: '444455556666' }) })))).toBe('CONFLICT');
    expect(await codeOf(runner.execute(spec({ session: session({ profile: 'staging' }) })))).toBe('CONFLICT');
    expect(await codeOf(runner.execute(spec({ target: 'arn:aws:ecs:us-east-1:111122223333:service/c/api' })))).toBe('CONFLICT');
    expect(await codeOf(runner.execute(spec({ action: 'forceDeployment' })))).toBe('CONFLICT');
    expect(await codeOf(runner.execute(spec({ args: { cluster: 'c', service: 'web', desiredCount: 4 } })))).toBe('CONFLICT');
    expect(effects).toBe(1);
    // Key order of the arguments does not make another intent.
    expect((await runner.execute(spec({ args: { desiredCount: 3, service: 'web', cluster: 'c' } }))).replayed).toBe(true);
  });

  it('joins a second intent key use with another request id, and refuses an intent key reused for other arguments', async () => {
    const first = await runner.execute(spec({ intentKey: 'preview:1', args: { previewId: '1' } }));
    const second = await runner.execute(spec({ requestId: 'req-00000002', intentKey: 'preview:1', args: { previewId: '1' } }));
    expect(second).toMatchObject({ replayed: true, operationId: first.operationId });
    expect(await codeOf(runner.execute(spec({ requestId: 'req-00000003', intentKey: 'preview:1', args: { previewId: '2' } })))).toBe('CONFLICT');
    expect(effects).toBe(1);
  });

  it('runs the guard before a replay: read-only now means refused, and a wrong confirmation too', async () => {
    await runner.execute(spec());
    await settings.update({ readOnlyProfiles: ['prod'] });
    expect(await codeOf(runner.execute(spec()))).toBe('READ_ONLY');
    await settings.update({ readOnlyProfiles: [] });
    expect(await codeOf(runner.execute(spec({ confirmation: 'nope' })))).toBe('NOT_CONFIRMED');
    expect(effects).toBe(1);
    const results = (await audit.read()).map((e) => e.result).reverse();
    expect(results).toEqual(['ok', 'refused', 'refused']);
  });
});
