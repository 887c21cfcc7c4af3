import { describe, expect, it } from 'vitest';
import { memberOf } from '../../../src-renderer/models/placement/member-of';
import { instance } from './records';

const gpu = instance('g1', { instanceType: 'g4dn.xlarge', availabilityZone: 'us-east-1b', runningTasksCount: 2 });

describe('memberOf', () => {
  it('evaluates the operators on attributes', () => {
    expect(memberOf(gpu, 'attribute:ecs.instance-type =~ g4dn.*')).toBe(true);
    expect(memberOf(gpu, 'attribute:ecs.instance-type =~ t2.*')).toBe(false);
    expect(memberOf(gpu, 'attribute:ecs.instance-type == g4dn.xlarge')).toBe(true);
    expect(memberOf(gpu, 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]')).toBe(true);
    expect(memberOf(gpu, 'attribute:ecs.availability-zone not_in [us-east-1a, us-east-1b]')).toBe(false);
    expect(memberOf(gpu, 'attribute:ecs.availability-zone !in [us-east-1c]')).toBe(true);
    expect(memberOf(gpu, 'attribute:stack exists')).toBe(false);
    expect(memberOf(gpu, 'attribute:stack !exists')).toBe(true);
    expect(memberOf(gpu, 'runningTasksCount < 3')).toBe(true);
    expect(memberOf(gpu, "ec2InstanceId in ['i-g1', 'i-other']")).toBe(true);
  });

  it('joins terms with and/or, parentheses and not()', () => {
    expect(memberOf(gpu, 'attribute:ecs.instance-type =~ g4dn.* and attribute:ecs.availability-zone != us-east-1d')).toBe(true);
    expect(memberOf(gpu, 'attribute:ecs.instance-type =~ t2.* || attribute:ecs.availability-zone == us-east-1b')).toBe(true);
    expect(memberOf(gpu, 'not(attribute:ecs.instance-type =~ g4dn.*)')).toBe(false);
    expect(memberOf(gpu, '(attribute:ecs.instance-type =~ t2.* or agentConnected == true) and runningTasksCount >= 2')).toBe(true);
  });

  it('says unknown for what Wharf cannot read, unless the rest decides', () => {
    expect(memberOf(gpu, 'task:group == service:web')).toBe('unknown');
    expect(memberOf(gpu, 'task:group == service:web and attribute:ecs.instance-type == t2.micro')).toBe(false);
    expect(memberOf(gpu, 'attribute:ecs.instance-type ==')).toBe('unknown');
  });
});
