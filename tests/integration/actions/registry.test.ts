import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

/** The registry view's data from the demo sim: repositories, every image, who runs each digest. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('registry', () => {
  it('lists repositories with mutability, scan on push, encryption and image count', async () => {
    const { repositories } = await h.ok('registry.repositories', {});
    const checkout = repositories.find((r) => r.name === 'shop/checkout');
    expect(checkout).toMatchObject({ tagMutability: 'IMMUTABLE', imageCount: 8 });
    expect(typeof checkout?.scanOnPush).toBe('boolean');
    expect(checkout?.encryptionType).toMatch(/AES256|KMS/);
    expect(repositories.find((r) => r.name === 'shop/worker')?.tagMutability).toBe('MUTABLE');
  });

  it('shows images newest first, the deployed one with its running tasks and the previous one marked', async () => {
    const { images, usageWarnings } = await h.ok('registry.images', { repositoryName: 'shop/checkout' });
    expect(usageWarnings).toEqual([]);
    expect(images).toHaveLength(8);
    const pushed = images.map((i) => i.pushedAt ?? 0);
    expect(pushed).toEqual([...pushed].sort((a, b) => b - a));
    const deployed = images.find((i) => i.usedBy.some((u) => u.serviceName === 'checkout' && u.roles.includes('current')));
    expect(deployed?.tags).toEqual(['v3.8.0']);
    expect(deployed?.runningTasks).toBe(3);
    const previous = images.find((i) => i.usedBy.some((u) => u.serviceName === 'checkout' && u.roles.includes('previous')));
    expect(previous?.tags).toEqual(['v3.7.0']);
    expect(images.every((i) => i.digest.startsWith('sha256:') && (i.sizeBytes ?? 0) > 0)).toBe(true);
  });

  it('shows an image of a mutable repository run by two services, one still under a failed deployment', async () => {
    const { images } = await h.ok('registry.images', { repositoryName: 'shop/worker' });
    const newest = images.find((i) => i.tags.includes('build-108'));
    const roles = Object.fromEntries((newest?.usedBy ?? []).map((u) => [u.serviceName, u.roles]));
    expect(roles.notifications).toContain('current');
    // emailer's circuit breaker failed build-110 without rolling back: its old tasks still run build-108.
    expect(roles.emailer).toContain('active');
    expect(newest?.runningTasks).toBeGreaterThan(0);
  });

  it('says plainly when a repository does not exist', async () => {
    const answer = await h.call('registry.images', { repositoryName: 'no/such-repo' });
    expect(answer.ok === false && answer.error.code).toBe('NOT_FOUND');
  });
});
