import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../../src-main/core/aws/profiles';
import { resolveEndpointOverrides } from '../../../src-main/core/aws/endpoints';
import { awsHome } from './helpers';

describe('endpoint overrides', () => {
  const profile = { endpoint_url: 'http://profile:1', services: 'local' };
  const servicesSection = { 'ecs.endpoint_url': 'http://services-ecs:2' };

  it('takes AWS_ENDPOINT_URL_<SERVICE> over AWS_ENDPOINT_URL over the services section over endpoint_url', () => {
    const env = { AWS_ENDPOINT_URL_ECS: 'http://env-ecs:3', AWS_ENDPOINT_URL: 'http://env-all:4' };
    const all = resolveEndpointOverrides({ env, profile, servicesSection });
    expect(all.ECS).toBe('http://env-ecs:3');
    expect(all.ECR).toBe('http://env-all:4');

    const noEnv = resolveEndpointOverrides({ env: {}, profile, servicesSection });
    expect(noEnv.ECS).toBe('http://services-ecs:2');
    expect(noEnv.ECR).toBe('http://profile:1');

    const globalEnvOnly = resolveEndpointOverrides({ env: { AWS_ENDPOINT_URL: 'http://env-all:4' }, profile, servicesSection });
    expect(globalEnvOnly.ECS).toBe('http://env-all:4');
  });

  it('names each service as the SDKs do (CLOUDWATCH_LOGS, STS, KMS)', () => {
    const env = { AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://logs:5', AWS_ENDPOINT_URL_STS: 'http://sts:6', AWS_ENDPOINT_URL_KMS: 'http://kms:7', AWS_ENDPOINT_URL_CLOUDWATCH: 'http://cw:8' };
    expect(resolveEndpointOverrides({ env })).toEqual({ CLOUDWATCH_LOGS: 'http://logs:5', STS: 'http://sts:6', KMS: 'http://kms:7', CLOUDWATCH: 'http://cw:8' });
  });

  it('is empty when none is set, or when configured endpoints are ignored', () => {
    expect(resolveEndpointOverrides({ env: {} })).toEqual({});
    expect(resolveEndpointOverrides({ env: { AWS_ENDPOINT_URL: 'http://x:1', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' } })).toEqual({});
  });

  it('reads the services section from a real config file', async () => {
    const home = awsHome(`[profile local]\nservices = emu\nregion = us-east-1\n\n[services emu]\necs =\n  endpoint_url = http://localhost:4566\nsts =\n  endpoint_url = http://localhost:4567\n`);
    try {
      const catalog = await loadProfiles({ env: home.env, settings: { readOnlyProfiles: [], productionProfiles: [] }, demo: null });
      const local = catalog.profiles.find((p) => p.name === 'local')!;
      expect(local.endpoints).toEqual({ ECS: 'http://localhost:4566', STS: 'http://localhost:4567' });
    } finally {
      home.restore();
    }
  });
});
