import { describe, expect, it } from 'vitest';
import { fixedText, severityState, usersLeftText, usersText } from '../../../src-renderer/models/registry/findings-model';

describe('scan findings, as the registry view words them', () => {
  it('words and colours: the fixed-in column, severities, who runs a repository', () => {
    expect(fixedText({ fixedInVersion: '1.2', fixAvailable: true })).toBe('1.2');
    expect(fixedText({ fixedInVersion: null, fixAvailable: false })).toBe('no fix yet');
    expect(fixedText({ fixedInVersion: null, fixAvailable: null })).toBe('not reported');
    expect(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNTRIAGED'].map(severityState)).toEqual(['failed', 'failed', 'degraded', 'unknown', 'unknown']);
    const user = (serviceName: string) => ({ clusterArn: 'c', serviceArn: serviceName, serviceName, containers: ['app'], drainingOnly: false });
    expect(usersText([])).toBe('—');
    expect(usersText([user('a'), user('b')])).toBe('a, b');
    expect(usersText([user('a'), user('b'), user('c'), user('d')])).toBe('a, b +2');
  });

  it('says what is left to read while "run by" fills in, and nothing once complete', () => {
    expect(usersLeftText(null)).toBeNull();
    expect(usersLeftText({ clustersLeft: null, taskDefinitionsLeft: 0 })).toBe('reading the clusters');
    expect(usersLeftText({ clustersLeft: 2, taskDefinitionsLeft: 0 })).toBe('reading the services of 2 clusters');
    expect(usersLeftText({ clustersLeft: 1, taskDefinitionsLeft: 40 })).toBe('reading the services of 1 cluster and 40 task definitions');
    expect(usersLeftText({ clustersLeft: 0, taskDefinitionsLeft: 1234 })).toBe('still reading 1,234 task definitions');
  });
});
