import { describe, expect, it } from 'vitest';
import { looksSecret, parsePath, redact, REDACTED } from '../../../src-main/core/audit/redact';
import { diffRegistrations } from '../../../src-main/core/actions/td-diff';

/** Redaction by path: what an audit entry may hold of a task definition, a diff, an error. */
const SECRETS = ['hunter2', 'old-db-pass', 'new-db-pass', 'ghp_abcdef123456', 'sk_live_42', 'wJalrXUtnFEMI', 'AKIAIOSFODNN7EXAMPLE', 'splunk-hec-token', 'repo-pass', 's3cr3t-url-pass'];

function registration(dbPassword: string) {
  return {
    family: 'api',
    containerDefinitions: [
      {
        name: 'token-service',
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1',
        environment: [
          { name: 'DB_PASSWORD', value: dbPassword },
          { name: 'LOG_LEVEL', value: 'hunter2' }, // a harmless name does not make the value safe
          { name: 'DATABASE_URL', value: 'postgres://app:s3cr3t-url-pass@db:5432/app' },
        ],
        secrets: [{ name: 'API_KEY', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key' }],
        repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:repo-pass' },
        dockerLabels: { 'com.example.github-token': 'ghp_abcdef123456', team: 'payments' },
        logConfiguration: { logDriver: 'splunk', options: { 'splunk-token': 'splunk-hec-token', 'splunk-url': 'https://splunk.example' }, secretOptions: [{ name: 'extra', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/x' }] },
      },
    ],
    tags: [
      { key: 'stripe_secret_key', value: 'sk_live_42' },
      { key: 'owner', value: 'payments' },
    ],
  };
}

function text(value: unknown): string {
  return JSON.stringify(value);
}

describe('redact', () => {
  it('keeps no secret value of a task definition, and keeps names, references and the rest', () => {
    const out = redact(registration('old-db-pass'));
    for (const secret of SECRETS) expect(text(out), secret).not.toContain(secret);
    const container = (out as ReturnType<typeof registration>).containerDefinitions[0];
    expect(container.name).toBe('token-service');
    expect(container.image).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1');
    expect(container.environment.map((e) => e.name)).toEqual(['DB_PASSWORD', 'LOG_LEVEL', 'DATABASE_URL']);
    expect(container.environment.every((e) => e.value === REDACTED)).toBe(true);
    expect(container.secrets).toEqual([{ name: 'API_KEY', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key' }]);
    expect(container.logConfiguration.secretOptions[0].valueFrom).toBe('arn:aws:ssm:us-east-1:123456789012:parameter/x');
    expect(container.repositoryCredentials).toEqual({ credentialsParameter: REDACTED });
    expect(container.dockerLabels).toEqual({ 'com.example.github-token': REDACTED, team: 'payments' });
    expect(container.logConfiguration.options['splunk-url']).toBe('https://splunk.example');
    expect((out as ReturnType<typeof registration>).tags).toEqual([
      { key: 'stripe_secret_key', value: REDACTED },
      { key: 'owner', value: 'payments' },
    ]);
  });

  it('redacts a rollback diff by the path each change names', () => {
    const diff = diffRegistrations(registration('new-db-pass'), { ...registration('old-db-pass'), containerDefinitions: [{ ...registration('old-db-pass').containerDefinitions[0], image: 'api:v0', environment: undefined }] });
    // The diff as the audit entry's `before` holds it, plus changes of whole lists and items.
    const before = {
      from: 'revision 7',
      diff: [
        ...diff,
        { path: 'containerDefinitions[web].environment[DB_PASSWORD].value', change: 'changed', before: 'new-db-pass', after: 'old-db-pass' },
        { path: 'containerDefinitions[web].environment[DB_PASSWORD]', change: 'added', before: null, after: { name: 'DB_PASSWORD', value: 'hunter2' } },
        { path: 'containerDefinitions[web].environment', change: 'changed', before: [], after: [{ name: 'A', value: 'wJalrXUtnFEMI' }] },
        { path: 'containerDefinitions[web].secrets[API_KEY].value', change: 'added', before: null, after: 'repo-pass' },
        { path: 'containerDefinitions[web].repositoryCredentials.credentialsParameter', change: 'changed', before: 'a', after: 'repo-pass' },
        { path: 'tags[stripe_secret_key].value', change: 'changed', before: 'sk_live_42', after: 'x' },
        { path: 'containerDefinitions[web].image', change: 'changed', before: 'api:v1', after: 'api:v0' },
      ],
    };
    expect(text(diff)).toContain('new-db-pass'); // the diff itself holds them
    const out = redact(before) as typeof before;
    for (const secret of SECRETS) expect(text(out), secret).not.toContain(secret);
    const byPath = new Map(out.diff.map((c) => [c.path, c]));
    expect(byPath.get('containerDefinitions[web].environment[DB_PASSWORD]')?.after).toEqual({ name: 'DB_PASSWORD', value: REDACTED });
    expect(byPath.get('containerDefinitions[web].environment')?.after).toEqual([{ name: 'A', value: REDACTED }]);
    expect(byPath.get('containerDefinitions[web].image')).toMatchObject({ before: 'api:v1', after: 'api:v0' });
    expect(byPath.get('containerDefinitions[token-service].image')).toMatchObject({ before: '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1', after: 'api:v0' });
    expect(byPath.get('containerDefinitions[token-service].environment[DB_PASSWORD].value')).toMatchObject({ before: REDACTED, after: null });
    expect(out.from).toBe('revision 7');
  });

  it('redacts credentials by key, access key ids and URL passwords anywhere in strings', () => {
    const out = redact({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI',
      sessionToken: 'IQoJb3JpZ2luX2VjE',
      session: { sessionId: 'ecs-execute-command-1', tokenValue: 'hunter2', streamUrl: 'wss://ssmmessages.example/v1/data-channel/x' },
      message: 'denied for AKIAIOSFODNN7EXAMPLE at https://user:s3cr3t-url-pass@example.com/x',
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc',
      count: 3,
    }) as Record<string, unknown>;
    expect(out).toEqual({
      accessKeyId: REDACTED,
      secretAccessKey: REDACTED,
      sessionToken: REDACTED,
      session: { sessionId: 'ecs-execute-command-1', tokenValue: REDACTED, streamUrl: 'wss://ssmmessages.example/v1/data-channel/x' },
      message: `denied for ${REDACTED} at https://user:${REDACTED}@example.com/x`,
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc',
      count: 3,
    });
  });

  it('tells secret-looking names from harmless ones', () => {
    for (const name of ['DB_PASSWORD', 'password', 'GITHUB_TOKEN', 'secretAccessKey', 'accessKeyId', 'api-key', 'API_KEY', 'STRIPE_SECRET', 'signingKey', 'PRIVATE_KEY', 'sentry_dsn', 'Authorization', 'x-credentials', 'SESSION_KEY', 'passphrase', 'tokenValue'])
      expect(looksSecret(name), name).toBe(true);
    for (const name of ['name', 'key', 'value', 'image', 'kmsKeyId', 'kmsKey', 'KEY_ID', 'partitionKey', 'LOG_LEVEL', 'sessionId', 'monkey', 'keyboard', 'tokenizer_model', 'secrets'])
      expect(looksSecret(name), name).toBe(false);
  });

  it('parses diff paths, with dots inside item names', () => {
    expect(parsePath('containerDefinitions[web.v2].environment[A.B].value')).toEqual([
      { name: 'containerDefinitions', item: false },
      { name: 'web.v2', item: true },
      { name: 'environment', item: false },
      { name: 'A.B', item: true },
      { name: 'value', item: false },
    ]);
  });
});
