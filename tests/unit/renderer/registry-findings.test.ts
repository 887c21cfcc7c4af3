import { describe, expect, it } from 'vitest';
import { fixedText, severityState, usersText } from '../../../src-renderer/models/registry/findings-model';

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
});
