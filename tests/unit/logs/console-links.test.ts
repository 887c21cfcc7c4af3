import { describe, expect, it } from 'vitest';
import { consoleFragment, consoleResourceOfArn, consoleUrl, consoleUrlOfArn, ecrImageResource, type ConsoleResource } from '../../../src-main/contract/console-links';
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

  it('lets scan findings open their advisory pages (https, known trackers) and nothing that merely looks like one', () => {
    for (const url of ['https://nvd.nist.gov/vuln/detail/CVE-2023-1234', 'https://security-tracker.debian.org/tracker/CVE-2023-1234', 'https://alas.aws.amazon.com/AL2023/ALAS-2023-100.html']) {
      expect(checkExternalUrl(url), url).toMatchObject({ ok: true });
    }
    for (const url of ['http://nvd.nist.gov/vuln/detail/CVE-2023-1234', 'https://nvd.nist.gov.evil.example/x', 'https://evil.example/nvd.nist.gov']) {
      expect(checkExternalUrl(url), url).toMatchObject({ ok: false });
    }
  });

  // The shapes the console serves today (ECS v2 console, ECR private repositories, CloudWatch
  // logsV2); the container-instance page is the one ECS itself links from its service events.
  it('builds the page AWS serves for each kind', () => {
    const host = 'https://eu-west-1.console.aws.amazon.com';
    const expected: Record<ConsoleResource['kind'], string> = {
      cluster: `${host}/ecs/v2/clusters/prod/services?region=eu-west-1`,
      service: `${host}/ecs/v2/clusters/prod/services/web/health?region=eu-west-1`,
      task: `${host}/ecs/v2/clusters/prod/tasks/0123abcd/configuration?region=eu-west-1`,
      'task-definition': `${host}/ecs/v2/task-definitions/shop-web/42/containers?region=eu-west-1`,
      'container-instance': `${host}/ecs/v2/clusters/prod/infrastructure/container-instances/abcd1234?region=eu-west-1`,
      'ecr-repository': `${host}/ecr/repositories/private/123456789012/shop/web?region=eu-west-1`,
      'ecr-image': `${host}/ecr/repositories/private/123456789012/shop/web/_/image/sha256:0f0f/details?region=eu-west-1`,
      'log-stream': `${host}/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Fshop-web/log-events/ecs$252Fweb$252F0123abcd`,
    };
    for (const resource of every) expect(consoleUrl(resource), resource.kind).toBe(expected[resource.kind]);
    expect(consoleFragment('a b/c')).toBe('a$2520b$252Fc');
  });

  it('uses the partition\'s own console host', () => {
    expect(consoleUrl({ kind: 'cluster', region: 'cn-north-1', cluster: 'prod' })).toBe('https://cn-north-1.console.amazonaws.cn/ecs/v2/clusters/prod/services?region=cn-north-1');
    expect(consoleUrl({ kind: 'cluster', region: 'us-gov-west-1', cluster: 'prod' })).toBe(
      'https://us-gov-west-1.console.amazonaws-us-gov.com/ecs/v2/clusters/prod/services?region=us-gov-west-1',
    );
  });

  it('encodes names so they stay one path segment', () => {
    expect(consoleUrl({ kind: 'service', region: 'eu-west-1', cluster: 'a b', service: 'x?y#z' })).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/a%20b/services/x%3Fy%23z/health?region=eu-west-1',
    );
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

  it('turns each ARN Wharf shows into the resource it names, in the ARN\'s region', () => {
    const arns: Record<string, ConsoleResource> = {
      'arn:aws:ecs:eu-west-1:123456789012:cluster/prod': every[0],
      'arn:aws:ecs:eu-west-1:123456789012:service/prod/web': every[1],
      'arn:aws:ecs:eu-west-1:123456789012:task/prod/0123abcd': every[2],
      'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web:42': every[3],
      'arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/abcd1234': every[4],
      'arn:aws:ecr:eu-west-1:123456789012:repository/shop/web': every[5],
    };
    for (const [arn, resource] of Object.entries(arns)) expect(consoleResourceOfArn(arn), arn).toEqual(resource);
    expect(ecrImageResource('arn:aws:ecr:eu-west-1:123456789012:repository/shop/web', 'sha256:0f0f')).toEqual(every[6]);
    expect(consoleResourceOfArn('arn:aws:ecs:eu-west-1:1:container-instance/old-format-id')).toBeNull();
    expect(consoleResourceOfArn('arn:aws:s3:::bucket/key')).toBeNull();
    expect(ecrImageResource('arn:aws:ecs:eu-west-1:1:cluster/prod', 'sha256:0f0f')).toBeNull();
  });
});
