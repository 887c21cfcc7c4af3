import { describe, expect, it } from 'vitest';
import { tagIsImmutable } from '../../../src-main/core/registry/ecr-reads';
import { imageLabel, imageReference, parseEcrImage, repositoryUriOf } from '../../../src-main/core/registry/image-ref';
import { resolveDigest } from '../../../src-main/core/registry/service-usage';
import { BriefCache } from '../../../src-main/core/registry/brief-cache';
import { preferredTag } from '../../../src-main/core/actions/rollback-targets';

const DIGEST = 'sha256:' + 'ab'.repeat(32);
const URI = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/checkout';

describe('ECR image references', () => {
  it('parses tags, digests and nested repository names', () => {
    expect(parseEcrImage(`${URI}:v41`)).toEqual({ registryId: '123456789012', region: 'eu-west-1', repositoryName: 'shop/checkout', tag: 'v41', digest: null });
    expect(parseEcrImage(`${URI}@${DIGEST}`)).toMatchObject({ repositoryName: 'shop/checkout', tag: null, digest: DIGEST });
    expect(parseEcrImage(URI)).toMatchObject({ tag: null, digest: null });
    expect(parseEcrImage('nginx:1.25')).toBeNull();
    expect(parseEcrImage('public.ecr.aws/nginx/nginx:1')).toBeNull();
  });

  it('finds the repository URI of any reference', () => {
    expect(repositoryUriOf(`${URI}:v41`)).toBe(URI);
    expect(repositoryUriOf(`${URI}@${DIGEST}`)).toBe(URI);
    expect(repositoryUriOf('localhost:5000/app:1')).toBe('localhost:5000/app');
  });

  it('names an immutable tag, and pins anything else by digest', () => {
    expect(imageReference(URI, { tag: 'v41', digest: DIGEST, pinByDigest: false })).toBe(`${URI}:v41`);
    expect(imageReference(URI, { tag: 'latest', digest: DIGEST, pinByDigest: true })).toBe(`${URI}@${DIGEST}`);
    expect(imageReference(URI, { tag: null, digest: DIGEST, pinByDigest: false })).toBe(`${URI}@${DIGEST}`);
    expect(imageLabel({ tag: null, digest: DIGEST })).toBe('abababababab');
  });

  it('resolves a tag through the repository, and no tag as latest', () => {
    const tags = new Map([['v41', DIGEST], ['latest', 'sha256:' + 'cd'.repeat(32)]]);
    expect(resolveDigest(`${URI}:v41`, tags)).toBe(DIGEST);
    expect(resolveDigest(URI, tags)).toBe('sha256:' + 'cd'.repeat(32));
    expect(resolveDigest(`${URI}:gone`, tags)).toBeNull();
  });
});

describe('tag mutability', () => {
  it('follows the repository setting and its exclusion filters', () => {
    expect(tagIsImmutable({ imageTagMutability: 'IMMUTABLE' }, 'v1')).toBe(true);
    expect(tagIsImmutable({ imageTagMutability: 'MUTABLE' }, 'v1')).toBe(false);
    const filters = [{ filterType: 'WILDCARD' as const, filter: 'latest*' }];
    expect(tagIsImmutable({ imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: filters }, 'latest-dev')).toBe(false);
    expect(tagIsImmutable({ imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: filters }, 'v1')).toBe(true);
    expect(tagIsImmutable({ imageTagMutability: 'MUTABLE_WITH_EXCLUSION', imageTagMutabilityExclusionFilters: filters }, 'latest')).toBe(true);
  });

  it('prefers an immutable tag, then anything but latest', () => {
    const mutable = { repository: { imageTagMutability: 'MUTABLE' as const } };
    expect(preferredTag(mutable, ['latest', 'build-7'])).toBe('build-7');
    expect(preferredTag(mutable, [])).toBeNull();
  });
});

describe('BriefCache', () => {
  it('shares one load between concurrent callers, expires, and forgets failures', async () => {
    let t = 0;
    let loads = 0;
    const cache = new BriefCache<number>(1000, () => t);
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual([1, 1]);
    t = 1500;
    expect(await cache.get('k', load)).toBe(2);
    await expect(cache.get('bad', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await cache.get('bad', load)).toBe(3);
  });

  it('shares a load slower than its lifetime until it ends, and counts the lifetime from the answer', async () => {
    let t = 0;
    let loads = 0;
    let finish!: (n: number) => void;
    const cache = new BriefCache<number>(1000, () => t);
    const slow = () => (loads++, new Promise<number>((r) => (finish = r)));
    const first = cache.get('k', slow);
    t = 5000;
    expect(cache.get('k', slow)).toBe(first);
    finish(7);
    expect(await first).toBe(7);
    t = 5900;
    expect(await cache.get('k', slow)).toBe(7);
    expect(loads).toBe(1);
  });
});
