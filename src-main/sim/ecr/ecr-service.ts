/**
 * ECR's read API over the sim's EcrStore, as the SDK and the AWS CLI speak it (JSON 1.1).
 * Order: repositories by name, images in push order (AWS documents no order for either).
 */
import { createHash } from 'node:crypto';
import { SimError, type OperationInput, type ServiceDefinition } from '../http/types';
import type { EcrImage, EcrRepository, EcrStore } from './ecr-store';
import { pageOf, type PageLimits } from './paging';
import { enhancedFindingsFor, findingsFor, severityCounts } from './scan-findings';

const MAX_RESULTS: PageLimits = { sizeField: 'maxResults', min: 1, max: 1000, defaultSize: 100, errorCode: 'InvalidParameterException' };
const MANIFEST_MEDIA_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const CONFIG_MEDIA_TYPE = 'application/vnd.docker.container.image.v1+json';
const LAYER_MEDIA_TYPE = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

type TagStatus = 'TAGGED' | 'UNTAGGED' | 'ANY';
interface ImageId {
  imageDigest?: string;
  imageTag?: string;
}

export function ecrService(store: EcrStore): ServiceDefinition {
  return {
    signingName: 'ecr',
    targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
    protocols: ['json1.1'],
    operations: {
      DescribeRepositories: (input) => describeRepositories(store, input),
      DescribeImages: (input) => describeImages(store, input),
      ListImages: (input) => listImages(store, input),
      DescribeImageScanFindings: (input) => describeImageScanFindings(store, input),
      BatchGetImage: (input) => batchGetImage(store, input),
    },
  };
}

function describeRepositories(store: EcrStore, input: OperationInput) {
  const registryId = registryOf(store, input);
  const names = input.repositoryNames as string[] | undefined;
  if (names !== undefined) {
    // With names there is no pagination: every name must exist, as in ECR.
    const repositories = names.map((name) => repositoryJson(store.requireRepository(name, registryId)));
    return { repositories };
  }
  const all = registryId === store.accountId ? store.repositories() : [];
  const page = pageOf(all, input.maxResults, input.nextToken, MAX_RESULTS);
  return { repositories: page.items.map(repositoryJson), nextToken: page.nextToken };
}

function describeImages(store: EcrStore, input: OperationInput) {
  const repo = store.requireRepository(requiredName(input), registryOf(store, input));
  const ids = input.imageIds as ImageId[] | undefined;
  if (ids !== undefined) {
    const found = new Map<string, EcrImage>();
    for (const id of ids) {
      const image = imageById(repo, id);
      if (!image) throw imageNotFound(repo, store.accountId, id);
      found.set(image.digest, image);
    }
    return { imageDetails: [...found.values()].map((image) => imageDetail(store, repo, image)) };
  }
  const status = tagStatusOf(input);
  const images = [...repo.images.values()].filter((image) => matchesTagStatus(image, status));
  const page = pageOf(images, input.maxResults, input.nextToken, MAX_RESULTS);
  return { imageDetails: page.items.map((image) => imageDetail(store, repo, image)), nextToken: page.nextToken };
}

/** One entry per tag, and one digest-only entry per untagged image, as ListImages answers. */
function listImages(store: EcrStore, input: OperationInput) {
  const repo = store.requireRepository(requiredName(input), registryOf(store, input));
  const status = tagStatusOf(input);
  const ids: ImageId[] = [];
  for (const image of repo.images.values()) {
    if (!matchesTagStatus(image, status)) continue;
    if (image.tags.length === 0) ids.push({ imageDigest: image.digest });
    for (const tag of image.tags) ids.push({ imageDigest: image.digest, imageTag: tag });
  }
  const page = pageOf(ids, input.maxResults, input.nextToken, MAX_RESULTS);
  return { imageIds: page.items, nextToken: page.nextToken };
}

function describeImageScanFindings(store: EcrStore, input: OperationInput) {
  const repo = store.requireRepository(requiredName(input), registryOf(store, input));
  const id = (input.imageId ?? {}) as ImageId;
  const image = imageById(repo, id);
  if (!image) throw imageNotFound(repo, store.accountId, id);
  if (image.scanFindings === undefined) {
    throw new SimError(
      'ScanNotFoundException',
      `Image scan does not exist for the image with '${imageIdText(id)}' in the repository with name '${repo.name}' in the registry with id '${store.accountId}'`,
    );
  }
  // Basic scans list `findings`; enhanced (Inspector) scans list `enhancedFindings` and, being
  // continuous, report ACTIVE rather than COMPLETE. Both page the same way.
  const enhanced = repo.scanType === 'ENHANCED';
  const all = enhanced
    ? enhancedFindingsFor(image, { accountId: store.accountId, region: store.region, repositoryName: repo.name, repositoryArn: repo.arn })
    : findingsFor(image);
  const page = pageOf<unknown>(all, input.maxResults, input.nextToken, MAX_RESULTS);
  return {
    registryId: store.accountId,
    repositoryName: repo.name,
    imageId: { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
    imageScanStatus: scanStatus(repo),
    imageScanFindings: {
      ...scanTimes(image),
      findingSeverityCounts: severityCounts(image),
      ...(enhanced ? { enhancedFindings: page.items } : { findings: page.items }),
    },
    nextToken: page.nextToken,
  };
}

function batchGetImage(store: EcrStore, input: OperationInput) {
  const repo = store.requireRepository(requiredName(input), registryOf(store, input));
  const images: unknown[] = [];
  const failures: unknown[] = [];
  for (const id of (input.imageIds ?? []) as ImageId[]) {
    const image = imageById(repo, id);
    if (!image) {
      failures.push({ imageId: id, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' });
      continue;
    }
    images.push({
      registryId: store.accountId,
      repositoryName: repo.name,
      imageId: { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
      imageManifest: manifestOf(image),
      imageManifestMediaType: MANIFEST_MEDIA_TYPE,
    });
  }
  return { images, failures };
}

// ---- shapes ----

function repositoryJson(repo: EcrRepository) {
  return {
    repositoryArn: repo.arn,
    registryId: repo.arn.split(':')[4],
    repositoryName: repo.name,
    repositoryUri: repo.uri,
    createdAt: repo.createdAt,
    imageTagMutability: repo.tagMutability,
    imageScanningConfiguration: { scanOnPush: repo.scanOnPush },
    encryptionConfiguration: { encryptionType: repo.encryptionType },
  };
}

function imageDetail(store: EcrStore, repo: EcrRepository, image: EcrImage) {
  return {
    registryId: store.accountId,
    repositoryName: repo.name,
    imageDigest: image.digest,
    ...(image.tags.length > 0 ? { imageTags: [...image.tags] } : {}),
    imageSizeInBytes: image.sizeBytes,
    imagePushedAt: image.pushedAt,
    ...(image.scanFindings !== undefined
      ? {
          imageScanStatus: scanStatus(repo),
          imageScanFindingsSummary: { ...scanTimes(image), findingSeverityCounts: severityCounts(image) },
        }
      : {}),
    imageManifestMediaType: MANIFEST_MEDIA_TYPE,
    artifactMediaType: CONFIG_MEDIA_TYPE,
    ...(image.lastPulledAt ? { lastRecordedPullTime: image.lastPulledAt } : {}),
  };
}

function scanStatus(repo: EcrRepository) {
  if (repo.scanType === 'ENHANCED') return { status: 'ACTIVE', description: 'Continuous scan is selected for image.' };
  return { status: 'COMPLETE', description: 'The scan was completed successfully.' };
}

// A scan on push finishes within a minute; the vulnerability database was refreshed hours before.
function scanTimes(image: EcrImage) {
  const pushed = image.pushedAt.getTime();
  return {
    imageScanCompletedAt: new Date(pushed + 40_000),
    vulnerabilitySourceUpdatedAt: new Date(Math.floor(pushed / 3_600_000) * 3_600_000 - 6 * 3_600_000),
  };
}

/** A Docker v2 manifest whose digests are derived from the image's. */
function manifestOf(image: EcrImage): string {
  const part = (label: string) => `sha256:${createHash('sha256').update(`${image.digest}/${label}`).digest('hex')}`;
  const layerSizes = [Math.round(image.sizeBytes * 0.6), Math.round(image.sizeBytes * 0.3), image.sizeBytes - Math.round(image.sizeBytes * 0.9)];
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: MANIFEST_MEDIA_TYPE,
    config: { mediaType: CONFIG_MEDIA_TYPE, size: 7023, digest: part('config') },
    layers: layerSizes.map((size, i) => ({ mediaType: LAYER_MEDIA_TYPE, size, digest: part(`layer${i}`) })),
  });
}

// ---- input ----

function requiredName(input: OperationInput): string {
  const name = input.repositoryName;
  if (typeof name !== 'string' || name.length < 2) {
    throw new SimError('InvalidParameterException', "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy constraint: [Member must have length greater than or equal to 2, Member must not be null]'");
  }
  return name;
}

function registryOf(store: EcrStore, input: OperationInput): string {
  return typeof input.registryId === 'string' && input.registryId !== '' ? input.registryId : store.accountId;
}

function tagStatusOf(input: OperationInput): TagStatus {
  const status = input.filter?.tagStatus ?? 'ANY';
  if (status !== 'TAGGED' && status !== 'UNTAGGED' && status !== 'ANY') {
    throw new SimError(
      'InvalidParameterException',
      `1 validation error detected: Value '${String(status)}' at 'filter.tagStatus' failed to satisfy constraint: Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]`,
    );
  }
  return status;
}

function matchesTagStatus(image: EcrImage, status: TagStatus): boolean {
  if (status === 'TAGGED') return image.tags.length > 0;
  if (status === 'UNTAGGED') return image.tags.length === 0;
  return true;
}

function imageById(repo: EcrRepository, id: ImageId): EcrImage | undefined {
  if (id.imageDigest) {
    const image = repo.images.get(id.imageDigest);
    if (image && id.imageTag && !image.tags.includes(id.imageTag)) return undefined;
    return image;
  }
  const digest = id.imageTag ? repo.tags.get(id.imageTag) : undefined;
  return digest === undefined ? undefined : repo.images.get(digest);
}

function imageIdText(id: ImageId): string {
  return `{imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'}`;
}

function imageNotFound(repo: EcrRepository, registryId: string, id: ImageId): SimError {
  return new SimError(
    'ImageNotFoundException',
    `The image with imageId ${imageIdText(id)} does not exist within the repository with name '${repo.name}' in the registry with id '${registryId}'`,
  );
}
