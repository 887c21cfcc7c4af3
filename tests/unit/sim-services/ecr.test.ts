// Outputs are plain objects typed unknown by the seam: tests read them loosely.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';
import { EcrStore } from '../../../src-main/sim/ecr/ecr-store';
import { ecrService } from '../../../src-main/sim/ecr/ecr-service';
import { ctxAt, errorOf } from './ctx';

const ACCOUNT = '123456789012';
const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
const t = (minutes: number) => new Date(Date.UTC(2025, 0, 1) + minutes * 60_000);

function setup() {
  const store = new EcrStore({ accountId: ACCOUNT, region: 'us-east-1' });
  store.createRepository({ name: 'shop/api', tagMutability: 'MUTABLE', scanOnPush: true, createdAt: t(0) });
  store.createRepository({ name: 'shop/web', tagMutability: 'IMMUTABLE', scanOnPush: false, createdAt: t(0) });
  const ops = ecrService(store).operations;
  const call = (op: string, input: Record<string, unknown>) => ops[op](input, ctxAt(t(100).getTime())) as any;
  return { store, call };
}

describe('EcrStore', () => {
  it('makes a deterministic sha256 digest and resolves tags and digests to it', () => {
    const { store } = setup();
    const { digest } = store.putImage('shop/api', { tags: ['v1'], pushedAt: t(1), sizeBytes: 1000 });
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const again = new EcrStore({ accountId: ACCOUNT, region: 'us-east-1' });
    again.createRepository({ name: 'shop/api', tagMutability: 'MUTABLE', scanOnPush: true, createdAt: t(0) });
    expect(again.putImage('shop/api', { tags: ['v1'], pushedAt: t(1), sizeBytes: 1000 }).digest).toBe(digest);
    expect(store.resolveImage(`${REGISTRY}/shop/api:v1`)).toEqual({ kind: 'ecr', ok: true, digest });
    expect(store.resolveImage(`${REGISTRY}/shop/api@${digest}`)).toEqual({ kind: 'ecr', ok: true, digest });
  });

  it('moves a mutable tag to the new image and leaves the old image its other tags', () => {
    const { store, call } = setup();
    const old = store.putImage('shop/api', { tags: ['latest', 'v1'], pushedAt: t(1), sizeBytes: 10 }).digest;
    const neu = store.putImage('shop/api', { tags: ['latest', 'v2'], pushedAt: t(2), sizeBytes: 10 }).digest;
    expect(store.resolveImage(`${REGISTRY}/shop/api`)).toMatchObject({ ok: true, digest: neu });
    const { imageDetails } = call('DescribeImages', { repositoryName: 'shop/api' });
    expect(imageDetails.find((d: any) => d.imageDigest === old).imageTags).toEqual(['v1']);
    store.putImage('shop/api', { tags: ['v1'], pushedAt: t(3), sizeBytes: 10 });
    const untagged = call('DescribeImages', { repositoryName: 'shop/api', filter: { tagStatus: 'UNTAGGED' } }).imageDetails;
    expect(untagged.map((d: any) => d.imageDigest)).toEqual([old]);
    expect(untagged[0].imageTags).toBeUndefined();
  });

  it('refuses to overwrite a tag in an immutable repository', async () => {
    const { store } = setup();
    store.putImage('shop/web', { tags: ['1.0.0'], pushedAt: t(1), sizeBytes: 10 });
    const err = await errorOf(() => store.putImage('shop/web', { tags: ['1.0.0'], pushedAt: t(2), sizeBytes: 10 }));
    expect(err.code).toBe('ImageTagAlreadyExistsException');
    expect(err.message).toContain("The image tag '1.0.0' already exists in the 'shop/web' repository");
  });

  it('explains why an image cannot be pulled, in ECS words, and leaves other registries alone', () => {
    const { store } = setup();
    store.putImage('shop/api', { tags: ['broken'], pushedAt: t(1), sizeBytes: 10, missingLayers: true });
    const missingTag = store.resolveImage(`${REGISTRY}/shop/api:nope`);
    expect(missingTag).toEqual({
      kind: 'ecr',
      ok: false,
      reason: `pull image manifest has been retried 5 time(s): failed to resolve ref ${REGISTRY}/shop/api:nope: ${REGISTRY}/shop/api:nope: not found`,
    });
    expect(store.resolveImage(`${REGISTRY}/nope:1`)).toMatchObject({ ok: false, reason: expect.stringContaining("The repository with name 'nope' does not exist") });
    expect(store.resolveImage(`${REGISTRY}/shop/api:broken`)).toMatchObject({ ok: false, reason: expect.stringContaining('404 Not Found') });
    expect(store.resolveImage('nginx:1.27')).toEqual({ kind: 'external' });
    expect(store.resolveImage('public.ecr.aws/nginx/nginx:latest')).toEqual({ kind: 'external' });
  });

  it('records the last pull time', () => {
    const { store, call } = setup();
    store.putImage('shop/api', { tags: ['v1'], pushedAt: t(1), sizeBytes: 10 });
    store.recordPull(`${REGISTRY}/shop/api:v1`, t(5));
    store.recordPull(`${REGISTRY}/shop/api:v1`, t(4));
    expect(call('DescribeImages', { repositoryName: 'shop/api' }).imageDetails[0].lastRecordedPullTime).toEqual(t(5));
  });
});

describe('ecrService', () => {
  it('describes repositories, and names the missing one', async () => {
    const { call } = setup();
    const { repositories } = call('DescribeRepositories', {});
    expect(repositories.map((r: any) => r.repositoryName)).toEqual(['shop/api', 'shop/web']);
    expect(repositories[1]).toMatchObject({
      repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/shop/web`,
      repositoryUri: `${REGISTRY}/shop/web`,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: false },
      encryptionConfiguration: { encryptionType: 'AES256' },
    });
    const err = await errorOf(() => call('DescribeRepositories', { repositoryNames: ['shop/api', 'gone'] }));
    expect(err).toMatchObject({ code: 'RepositoryNotFoundException', message: `The repository with name 'gone' does not exist in the registry with id '${ACCOUNT}'` });
  });

  it('pages images with maxResults and nextToken, and checks maxResults bounds', async () => {
    const { store, call } = setup();
    for (let i = 0; i < 25; i++) store.putImage('shop/api', { tags: [`v${i}`], pushedAt: t(i), sizeBytes: 10 });
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = call('DescribeImages', { repositoryName: 'shop/api', maxResults: 10, nextToken });
      seen.push(...page.imageDetails.map((d: any) => d.imageTags[0]));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `v${i}`));
    expect((await errorOf(() => call('DescribeImages', { repositoryName: 'shop/api', maxResults: 1001 }))).code).toBe('InvalidParameterException');
    const list = call('ListImages', { repositoryName: 'shop/api', maxResults: 1000, filter: { tagStatus: 'TAGGED' } });
    expect(list.imageIds).toHaveLength(25);
    expect(list.nextToken).toBeUndefined();
  });

  it('finds images by id and names a missing one as ECR does', async () => {
    const { store, call } = setup();
    const { digest } = store.putImage('shop/api', { tags: ['v1', 'stable'], pushedAt: t(1), sizeBytes: 10 });
    const found = call('DescribeImages', { repositoryName: 'shop/api', imageIds: [{ imageTag: 'v1' }, { imageDigest: digest }] });
    expect(found.imageDetails).toHaveLength(1);
    const err = await errorOf(() => call('DescribeImages', { repositoryName: 'shop/api', imageIds: [{ imageTag: 'v9' }] }));
    expect(err).toMatchObject({
      code: 'ImageNotFoundException',
      message: `The image with imageId {imageDigest:'null', imageTag:'v9'} does not exist within the repository with name 'shop/api' in the registry with id '${ACCOUNT}'`,
    });
  });

  it('reports scan findings that add up to the summary, and ScanNotFound without a scan', async () => {
    const { store, call } = setup();
    store.putImage('shop/api', { tags: ['v1'], pushedAt: t(1), sizeBytes: 10, scanFindings: { CRITICAL: 1, HIGH: 2, LOW: 3 } });
    store.putImage('shop/web', { tags: ['1.0.0'], pushedAt: t(1), sizeBytes: 10 });
    const detail = call('DescribeImages', { repositoryName: 'shop/api' }).imageDetails[0];
    expect(detail.imageScanStatus.status).toBe('COMPLETE');
    expect(detail.imageScanFindingsSummary.findingSeverityCounts).toEqual({ CRITICAL: 1, HIGH: 2, LOW: 3 });
    const scan = call('DescribeImageScanFindings', { repositoryName: 'shop/api', imageId: { imageTag: 'v1' } });
    expect(scan.imageScanFindings.findings.map((f: any) => f.severity)).toEqual(['CRITICAL', 'HIGH', 'HIGH', 'LOW', 'LOW', 'LOW']);
    expect(scan.imageScanFindings.findings[0]).toMatchObject({ name: expect.stringMatching(/^CVE-\d{4}-\d+$/), uri: expect.stringContaining('https://') });
    expect(scan.imageScanFindings.findings[0].attributes.map((a: any) => a.key)).toContain('package_name');
    const err = await errorOf(() => call('DescribeImageScanFindings', { repositoryName: 'shop/web', imageId: { imageTag: '1.0.0' } }));
    expect(err.code).toBe('ScanNotFoundException');
  });

  it('answers enhanced (Inspector) findings for an enhanced repository: ACTIVE, packages with their fixed-in versions, paged like basic ones', () => {
    const { store, call } = setup();
    store.createRepository({ name: 'shop/checkout', tagMutability: 'IMMUTABLE', scanOnPush: true, scanType: 'ENHANCED', createdAt: t(0) });
    store.putImage('shop/checkout', { tags: ['v3'], pushedAt: t(1), sizeBytes: 10, scanFindings: { CRITICAL: 1, HIGH: 3, MEDIUM: 4 } });
    expect(call('DescribeImages', { repositoryName: 'shop/checkout' }).imageDetails[0].imageScanStatus.status).toBe('ACTIVE');
    const pages: any[] = [];
    let nextToken: string | undefined;
    do {
      const page = call('DescribeImageScanFindings', { repositoryName: 'shop/checkout', imageId: { imageTag: 'v3' }, maxResults: 3, nextToken });
      expect(page.imageScanFindings.findings).toBeUndefined();
      pages.push(...page.imageScanFindings.enhancedFindings);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages.map((f) => f.severity)).toEqual(['CRITICAL', 'HIGH', 'HIGH', 'HIGH', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'MEDIUM']);
    const first = pages[0];
    expect(first.packageVulnerabilityDetails.vulnerabilityId).toMatch(/^CVE-\d{4}-\d+$/);
    expect(first.title).toBe(`${first.packageVulnerabilityDetails.vulnerabilityId} - ${first.packageVulnerabilityDetails.vulnerablePackages[0].name}`);
    for (const f of pages) {
      const pkg = f.packageVulnerabilityDetails.vulnerablePackages[0];
      expect(f.fixAvailable === 'YES').toBe(pkg.fixedInVersion !== 'NotAvailable');
    }
    // The same image lists the same CVEs on every call.
    const again = call('DescribeImageScanFindings', { repositoryName: 'shop/checkout', imageId: { imageTag: 'v3' }, maxResults: 1000 });
    expect(again.imageScanFindings.enhancedFindings.map((f: any) => f.findingArn)).toEqual(pages.map((f) => f.findingArn));
  });

  it('returns a manifest for BatchGetImage and a failure for an unknown tag', () => {
    const { store, call } = setup();
    store.putImage('shop/api', { tags: ['v1'], pushedAt: t(1), sizeBytes: 1000 });
    const out = call('BatchGetImage', { repositoryName: 'shop/api', imageIds: [{ imageTag: 'v1' }, { imageTag: 'v2' }] });
    expect(JSON.parse(out.images[0].imageManifest).schemaVersion).toBe(2);
    expect(out.failures).toEqual([{ imageId: { imageTag: 'v2' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' }]);
  });
});
