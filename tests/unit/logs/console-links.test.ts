import { describe, expect, it } from 'vitest';
import { consoleFragment, consoleUrl, consoleUrlOfArn, type ConsoleResource } from '../../../src-main/contract/console-links';
import { checkExternalUrl } from '../../../src-main/core/app/external-url';

const every: ConsoleResource[] = [
  { kind: 'cluster', region: 'eu-west-1', cluster: 'prod' },
  { kind: 'service', region: 'eu-west-1', cluster: 'prod', service: 'web' },
  { kind: 'task', region: 'eu-west-1', cluster: 'prod', taskId: '0123abcd' },
  { kind: 'task-definition', region: 'eu-west-1', family: 'shop-web', revision: 42 },
  { kind: 'container-instance', region: 'eu-west-1', cluster: 'prod', containerInstanceId: 'abcd1234' },
  { kind: 'ecr-repository', region: 'eu-west-1', accountId: '123456789012', repository: 'shop/web' },
  { kind: 'ecr-image', region: 'eu-west-1', accountId: '123456789012', repository: 'shop/web', digest: 'sha256:0f0f' },
  { kind: 'log-stream', region: 'eu-west-1', group: '/ecs/shop-web', stream: 'ecs/web/0123abcd' },
];

describe('console links', () => {
  it('every kind passes core\'s allow-list, in each partition', () => {
    for (const region of ['eu-west-1', 'cn-north-1', 'us-gov-west-1']) {
      for (const resource of every) {
        const url = consoleUrl({ ...resource, region });
        expect(url, resource.kind).not.toBeNull();
        expect(checkExternalUrl(url!), `${resource.kind} ${url}`).toMatchObject({ ok: true });
      }
    }
  });

  it('builds the pages AWS serves', () => {
    expect(consoleUrl(every[1])).toBe('https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/health?region=eu-west-1');
    expect(consoleUrl(every[3])).toBe('https://eu-west-1.console.aws.amazon.com/ecs/v2/task-definitions/shop-web/42/containers?region=eu-west-1');
    expect(consoleUrl(every[7])).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Fshop-web/log-events/ecs$252Fweb$252F0123abcd',
    );
    expect(consoleFragment('a b/c')).toBe('a$2520b$252Fc');
  });

  it('refuses what is not a region rather than building a host from it', () => {
    expect(consoleUrl({ kind: 'cluster', region: 'evil.example/x', cluster: 'c' })).toBeNull();
    expect(consoleUrl({ kind: 'cluster', region: '', cluster: 'c' })).toBeNull();
  });

  it('reads ECS ARNs', () => {
    expect(consoleUrlOfArn('arn:aws:ecs:us-east-1:1:service/prod/web')).toBe('https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/health?region=us-east-1');
    expect(consoleUrlOfArn('arn:aws:ecs:us-east-1:1:task-definition/shop:3')).toContain('/task-definitions/shop/3/');
    expect(consoleUrlOfArn('arn:aws:ecs:us-east-1:1:task/old-format-id')).toBeNull();
  });
});
