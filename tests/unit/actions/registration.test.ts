import { existsSync, readFileSync } from 'node:fs';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { OPERATION_TAG, READ_ONLY_FIELDS, REGISTER_FIELDS, registrationOf, withImage, withOperationTag } from '../../../src-main/core/actions/registration';
import { diffRegistrations } from '../../../src-main/core/actions/td-diff';

const BOTOCORE_ECS = '/usr/lib/python3/dist-packages/botocore/data/ecs/2014-11-13/service-2.json';

const described: TaskDefinition = {
  taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/checkout:42',
  family: 'checkout',
  revision: 42,
  status: 'ACTIVE',
  taskRoleArn: 'arn:aws:iam::123456789012:role/checkout',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  networkMode: 'awsvpc',
  containerDefinitions: [
    { name: 'app', image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:v42', secrets: [{ name: 'DB', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/db' }], environment: [{ name: 'A', value: '1' }] },
    { name: 'envoy', image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29' },
  ],
  volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-1', transitEncryption: 'ENABLED' } }],
  placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.os-type == linux' }],
  requiresCompatibilities: ['FARGATE'],
  compatibilities: ['EC2', 'FARGATE'],
  requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.task-iam-role' }],
  cpu: '512',
  memory: '1024',
  runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
  ephemeralStorage: { sizeInGiB: 50 },
  proxyConfiguration: { type: 'APPMESH', containerName: 'envoy', properties: [{ name: 'AppPorts', value: '8080' }] },
  pidMode: 'task',
  ipcMode: 'none',
  inferenceAccelerators: [{ deviceName: 'd1', deviceType: 'eia2.medium' }],
  enableFaultInjection: true,
  registeredAt: new Date(1_700_000_000_000),
  registeredBy: 'arn:aws:iam::123456789012:user/ci',
};

describe('copying a task definition into a new revision', () => {
  it('names every member of the RegisterTaskDefinition input in the botocore model', () => {
    if (!existsSync(BOTOCORE_ECS)) return; // python3-botocore not installed: the compile-time check still holds
    const model = JSON.parse(readFileSync(BOTOCORE_ECS, 'utf8')) as { shapes: Record<string, { members: Record<string, unknown> }> };
    const members = Object.keys(model.shapes.RegisterTaskDefinitionRequest.members);
    for (const m of members) expect(REGISTER_FIELDS as readonly string[], m).toContain(m);
    // And every TaskDefinition member is either copied or known to be set by ECS.
    const known = new Set<string>([...REGISTER_FIELDS, ...READ_ONLY_FIELDS]);
    for (const m of Object.keys(model.shapes.TaskDefinition.members)) expect(known.has(m), m).toBe(true);
  });

  it('copies every field but the read-only ones, and nothing is reported as not copied', () => {
    const { input, notCopied } = registrationOf(described, [{ key: 'team', value: 'shop' }]);
    expect(notCopied).toEqual([]);
    for (const field of READ_ONLY_FIELDS) expect(input).not.toHaveProperty(field);
    const expected = { ...described } as Record<string, unknown>;
    for (const field of READ_ONLY_FIELDS) delete expected[field];
    expect({ ...input, tags: undefined }).toEqual({ ...expected, tags: undefined });
    expect(input.tags).toEqual([{ key: 'team', value: 'shop' }]);
  });

  it('drops AWS-reserved tags and an older operation tag, and reports unknown fields', () => {
    const future = { ...described, brandNewField: { on: true } } as TaskDefinition;
    const { input, notCopied } = registrationOf(future, [{ key: 'aws:cloudformation:stack-name', value: 's' }, { key: OPERATION_TAG, value: 'old' }, { key: 'env', value: 'prod' }]);
    expect(input.tags).toEqual([{ key: 'env', value: 'prod' }]);
    expect(notCopied).toEqual(['brandNewField']);
  });

  it('changes only the image: the diff is one line, and the operation tag is added outside it', () => {
    const { input } = registrationOf(described, []);
    const next = withImage(input, 'app', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:v41');
    expect(diffRegistrations(input, next)).toEqual([
      { path: 'containerDefinitions[app].image', change: 'changed', before: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:v42', after: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:v41' },
    ]);
    expect(input.containerDefinitions?.[0].image).toMatch(/:v42$/); // the original is untouched
    expect(withOperationTag(next, 'op-1').tags).toEqual([{ key: OPERATION_TAG, value: 'op-1' }]);
    expect(() => withImage(input, 'nope', 'x')).toThrow(/no container named nope/);
  });
});

describe('diffRegistrations', () => {
  it('matches named lists by name, so reordering is not a change', () => {
    const a = { containerDefinitions: [{ name: 'a', image: '1' }, { name: 'b', image: '2' }] };
    const b = { containerDefinitions: [{ name: 'b', image: '2' }, { name: 'a', image: '1' }] };
    expect(diffRegistrations(a, b)).toEqual([]);
  });

  it('reports added, removed and changed leaves by readable paths', () => {
    const a = { cpu: '256', containerDefinitions: [{ name: 'app', environment: [{ name: 'X', value: '1' }] }], taskRoleArn: 'r' };
    const b = { cpu: '512', containerDefinitions: [{ name: 'app', environment: [{ name: 'X', value: '2' }, { name: 'Y', value: '3' }] }] };
    expect(diffRegistrations(a, b).map((c) => `${c.change} ${c.path}`)).toEqual([
      'changed containerDefinitions[app].environment[X].value',
      'added containerDefinitions[app].environment[Y].name',
      'added containerDefinitions[app].environment[Y].value',
      'changed cpu',
      'removed taskRoleArn',
    ]);
  });
});
