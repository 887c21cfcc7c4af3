import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand, type ContainerDefinition } from '@aws-sdk/client-ecs';
import type { AuditEntry } from '../../../src-main/contract/domains/audit';
import { REDACTED } from '../../../src-main/core/audit/redact';
import { startHarness, type Harness } from './harness';

/**
 * A rollback between two revisions whose containers hold secret values (environment, a
 * secret-looking docker label, repository credentials) goes through core against the sim;
 * then `audit.jsonl` is read from disk: no secret value is in it, while the diff's paths,
 * the names and the ARNs of references are.
 */
const OLD = { password: 'old-Pa55w0rd-9f1c', labelToken: 'ghp_oldLabelToken1234', dsn: 'postgres://app:old-url-pass-77@db:5432/app' };
const NEW = { password: 'new-Pa55w0rd-2b7e', labelToken: 'ghp_newLabelToken5678', dsn: 'postgres://app:new-url-pass-88@db:5432/app' };
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-key-AbCdEf';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

function withSecrets(container: ContainerDefinition, v: typeof OLD): ContainerDefinition {
  return {
    ...container,
    environment: [
      { name: 'DB_PASSWORD', value: v.password },
      { name: 'DATABASE_URL', value: v.dsn },
      { name: 'LOG_LEVEL', value: 'info' },
    ],
    secrets: [{ name: 'API_KEY', valueFrom: SECRET_ARN }],
    dockerLabels: { ...(container.dockerLabels ?? {}), 'ci.github-token': v.labelToken },
    repositoryCredentials: { credentialsParameter: `${SECRET_ARN}-${v.password}` },
  };
}

describe('the audit log after a rollback with secret environment values', () => {
  it('holds no secret value on disk, and still says what changed', async () => {
    const ref = { cluster: 'prod-ec2', service: 'web' };
    const service = (await h.ecs.send(new DescribeServicesCommand({ cluster: ref.cluster, services: [ref.service] }))).services![0];
    const { taskDefinition: td } = await h.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition }));
    const register = async (v: typeof OLD) =>
      (
        await h.ecs.send(
          new RegisterTaskDefinitionCommand({
            family: td!.family,
            taskRoleArn: td!.taskRoleArn,
            executionRoleArn: td!.executionRoleArn,
            networkMode: td!.networkMode,
            requiresCompatibilities: td!.requiresCompatibilities,
            cpu: td!.cpu,
            memory: td!.memory,
            containerDefinitions: td!.containerDefinitions!.map((c) => withSecrets(c, v)),
          }),
        )
      ).taskDefinition!.taskDefinitionArn!;
    const older = await register(OLD);
    const newer = await register(NEW);
    await h.ecs.send(new UpdateServiceCommand({ cluster: ref.cluster, service: ref.service, taskDefinition: newer }));

    const preview = await h.ok('actions.previewRollback', { ...ref, target: { kind: 'revision', taskDefinitionArn: older } });
    // The preview shows the user the change itself (it stays in the window, never on disk).
    expect(preview.diff.map((c) => c.path)).toContain(`containerDefinitions[${td!.containerDefinitions![0].name}].environment[DB_PASSWORD].value`);
    const out = await h.ok('actions.applyRollback', { previewId: preview.previewId, confirmation: 'web', requestId: `apply-${preview.previewId}` });
    expect(out.taskDefinitionArn).toBe(older);

    const onDisk = readFileSync(join(h.dataDir, 'audit.jsonl'), 'utf8');
    for (const secret of [...Object.values(OLD), ...Object.values(NEW), 'old-url-pass-77', 'new-url-pass-88']) {
      expect(onDisk, secret).not.toContain(secret);
    }
    const entry = onDisk.trim().split('\n').map((l) => JSON.parse(l) as AuditEntry).find((e) => e.action === 'rollback.revision' && e.result === 'ok');
    const diff = (entry?.before as { diff: Array<{ path: string; before: unknown; after: unknown }> }).diff;
    const password = diff.find((c) => c.path.endsWith('environment[DB_PASSWORD].value'));
    expect(password).toMatchObject({ before: REDACTED, after: REDACTED });
    expect(diff.find((c) => c.path.endsWith('dockerLabels.ci.github-token'))).toMatchObject({ before: REDACTED, after: REDACTED });
    // References stay: the secret's ARN is not its value.
    expect(onDisk).not.toContain('LOG_LEVEL'); // unchanged: not in the diff at all
    expect(diff.every((c) => !c.path.includes('secrets[API_KEY]'))).toBe(true);
    expect(entry?.after).toMatchObject({ taskDefinition: older });
  });
});
