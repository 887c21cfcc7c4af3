import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeImageScanFindingsCommand, ECRClient } from '@aws-sdk/client-ecr';
import { startHarness, type Harness } from './harness';
import { RegistryService } from '../../../src-main/core/registry/registry-service';
import { TaskDefinitionCache, type DescribedTaskDefinition } from '../../../src-main/core/aws/task-definitions';
import type { EcsLike } from '../../../src-main/core/aws/reads';

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

  it("lists an enhanced scan's CVEs with package, installed and fixed-in versions and a link, as ECR pages them", async () => {
    const { images } = await h.ok('registry.images', { repositoryName: 'shop/checkout' });
    const newest = images[0];
    const answer = await h.ok('registry.findings', { repositoryName: 'shop/checkout', digest: newest.digest });
    expect(answer.scanType).toBe('ENHANCED');
    expect(answer.status).toBe('ACTIVE');
    expect(answer.counts).toEqual({ CRITICAL: 1, HIGH: 3 });
    expect(answer.findings.map((f) => f.severity)).toEqual(['CRITICAL', 'HIGH', 'HIGH', 'HIGH']);
    // Independently, page by page with a plain SDK client (page size 1 so nextToken is followed).
    const ecr = new ECRClient({ endpoint: h.sim.endpoint, region: h.sim.region, credentials: h.sim.credentials });
    const seen: Array<{ id: string; pkg: string; fixed: string }> = [];
    let nextToken: string | undefined;
    do {
      const page = await ecr.send(new DescribeImageScanFindingsCommand({ repositoryName: 'shop/checkout', imageId: { imageDigest: newest.digest }, maxResults: 1, nextToken }));
      for (const f of page.imageScanFindings?.enhancedFindings ?? []) {
        const p = f.packageVulnerabilityDetails!.vulnerablePackages![0];
        seen.push({ id: f.packageVulnerabilityDetails!.vulnerabilityId!, pkg: p.name!, fixed: p.fixedInVersion! });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    const key = (x: { id: string; pkg: string }) => `${x.id}|${x.pkg}`;
    expect(answer.findings.map((f) => key({ id: f.id, pkg: f.packageName ?? '' })).sort()).toEqual(seen.map(key).sort());
    for (const f of answer.findings) {
      const raw = seen.find((x) => key(x) === key({ id: f.id, pkg: f.packageName ?? '' }))!;
      expect(f.fixedInVersion).toBe(raw.fixed === 'NotAvailable' ? null : raw.fixed);
      expect(f.fixAvailable).toBe(raw.fixed !== 'NotAvailable');
      expect(f.installedVersion).toMatch(/\d/);
      expect(f.link).toMatch(/^https:\/\//);
    }
  });

  it("lists a basic scan's CVEs with package and installed version, the fixed-in version not reported", async () => {
    const { images } = await h.ok('registry.images', { repositoryName: 'shop/api' });
    const scanned = images.find((i) => (i.scan?.total ?? 0) > 0)!;
    const answer = await h.ok('registry.findings', { repositoryName: 'shop/api', digest: scanned.digest });
    expect(answer.scanType).toBe('BASIC');
    expect(answer.findings).toHaveLength(scanned.scan!.total);
    expect(answer.findings.every((f) => /^CVE-\d{4}-\d+$/.test(f.id) && f.packageName && f.installedVersion && f.fixedInVersion === null && f.fixAvailable === null)).toBe(true);
  });

  it('names, per repository, the services whose deployments run its images', async () => {
    const { users, warnings } = await h.ok('registry.repositoryUsers', {});
    expect(warnings).toEqual([]);
    expect(users['shop/checkout'].map((u) => u.serviceName)).toEqual(['checkout']);
    const worker = Object.fromEntries(users['shop/worker'].map((u) => [u.serviceName, u]));
    expect(worker.notifications?.drainingOnly).toBe(false);
    expect(Object.keys(users)).toContain('shop/web');
  });

  it('answers "run by" with what is known while task definitions are still read, and fills in', async () => {
    // The sim answers at once; task definitions held until the test lets each go stand in
    // for a large region's thousands (the reads run a few at a time).
    const held: Array<() => void> = [];
    let holding = true;
    class HeldTaskDefinitions extends TaskDefinitionCache {
      override async describe(ecs: EcsLike, reference: string, opts?: { fresh?: boolean }): Promise<DescribedTaskDefinition> {
        const answer = await super.describe(ecs, reference, opts);
        if (holding) await new Promise<void>((r) => held.push(r));
        return answer;
      }
    }
    const registry = new RegistryService({ sessions: h.core.services.sessions, tds: new HeldTaskDefinitions(), usersWaitMs: 20 });
    const complete = await h.ok('registry.repositoryUsers', {});
    expect(complete.progress).toBeNull();

    // At once: nothing read yet, and what is left.
    let answer = await registry.repositoryUsers();
    for (let i = 0; i < 500 && held.length === 0; i++) answer = await registry.repositoryUsers();
    answer = await registry.repositoryUsers();
    expect(answer.progress).not.toBeNull();
    expect(answer.progress!.taskDefinitionsLeft).toBeGreaterThan(0);
    expect(Object.values(answer.users).every((u) => u.length === 0)).toBe(true);

    // One task definition at a time: the services fill in while the rest is still read.
    let filled = 0;
    let released = 0;
    for (let i = 0; i < 500 && answer.progress; i++) {
      if (held.length) {
        held.shift()!();
        released++;
      }
      answer = await registry.repositoryUsers();
      const found = Object.values(answer.users).reduce((n, u) => n + u.length, 0);
      if (answer.progress && found > 0) filled = Math.max(filled, found);
      if (released >= 6 && holding) {
        holding = false;
        held.splice(0).forEach((r) => r());
      }
    }
    expect(filled, 'some services named before every task definition was read').toBeGreaterThan(0);
    expect(answer.progress).toBeNull();
    expect(answer.users).toEqual(complete.users);
  });

  it('says plainly when a repository does not exist', async () => {
    const answer = await h.call('registry.images', { repositoryName: 'no/such-repo' });
    expect(answer.ok === false && answer.error.code).toBe('NOT_FOUND');
  });
});
