/**
 * The sim account's container registry: repositories, images, tags and scan results. ECS asks
 * it whether an image can be pulled (resolveImage) and records pulls; the ECR service reads it.
 */
import { createHash } from 'node:crypto';
import { SimError } from '../http/types';
import type { ImageResolution } from '../seams/ports';

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
export type TagMutability = 'MUTABLE' | 'IMMUTABLE';

export interface EcrImage {
  digest: string;
  /** Tags in the order they were pushed; empty when the image is untagged. */
  tags: string[];
  pushedAt: Date;
  sizeBytes: number;
  /** Undefined when the image was never scanned. */
  scanFindings?: Partial<Record<Severity, number>>;
  missingLayers: boolean;
  lastPulledAt?: Date;
  /** How long ECS takes to pull it (a large image); undefined = a few seconds. Sim-only. */
  pullSeconds?: number;
}

export type ScanType = 'BASIC' | 'ENHANCED';

export interface EcrRepository {
  name: string;
  /**
   * BASIC, or ENHANCED when the registry's scanning rules put this repository under Amazon
   * Inspector's continuous scanning (ECR's registry scanning configuration, kept per
   * repository here: a sim-only shortcut for the rule that matched).
   */
  scanType: ScanType;
  arn: string;
  uri: string;
  tagMutability: TagMutability;
  scanOnPush: boolean;
  encryptionType: 'AES256' | 'KMS';
  createdAt: Date;
  /** By digest, in push order. */
  images: Map<string, EcrImage>;
  /** Tag → digest. */
  tags: Map<string, string>;
}

export type { ImageResolution } from '../seams/ports';

interface ParsedEcrUri {
  registryId: string;
  region: string;
  repositoryName: string;
  tag?: string;
  digest?: string;
}

const ECR_URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([a-z0-9._\-/]+?)(?::([\w][\w.-]{0,127})|@(sha256:[0-9a-f]{64}))?$/;

export class EcrStore {
  readonly accountId: string;
  readonly region: string;
  private readonly repos = new Map<string, EcrRepository>();

  constructor(opts: { accountId: string; region: string }) {
    this.accountId = opts.accountId;
    this.region = opts.region;
  }

  createRepository(i: {
    name: string;
    tagMutability: TagMutability;
    scanOnPush: boolean;
    encryptionType?: 'AES256' | 'KMS';
    createdAt: Date;
    scanType?: ScanType;
  }): void {
    if (this.repos.has(i.name)) {
      throw new SimError(
        'RepositoryAlreadyExistsException',
        `The repository with name '${i.name}' already exists in the registry with id '${this.accountId}'`,
      );
    }
    this.repos.set(i.name, {
      name: i.name,
      scanType: i.scanType ?? 'BASIC',
      arn: `arn:aws:ecr:${this.region}:${this.accountId}:repository/${i.name}`,
      uri: this.repositoryUri(i.name),
      tagMutability: i.tagMutability,
      scanOnPush: i.scanOnPush,
      encryptionType: i.encryptionType ?? 'AES256',
      createdAt: i.createdAt,
      images: new Map(),
      tags: new Map(),
    });
  }

  /**
   * Push an image. On an IMMUTABLE repository an existing tag is refused as ECR refuses it; on
   * a MUTABLE one the tag moves to the new image and leaves the old image its other tags.
   */
  putImage(
    repositoryName: string,
    i: {
      tags: string[];
      pushedAt: Date;
      sizeBytes: number;
      digest?: string;
      scanFindings?: Partial<Record<Severity, number>>;
      missingLayers?: boolean;
      pullSeconds?: number;
    },
  ): { digest: string } {
    const repo = this.requireRepository(repositoryName);
    const digest = i.digest ?? deterministicDigest(repositoryName, i.tags, i.pushedAt);
    for (const tag of i.tags) {
      const holder = repo.tags.get(tag);
      if (holder !== undefined && holder !== digest && repo.tagMutability === 'IMMUTABLE') {
        throw new SimError(
          'ImageTagAlreadyExistsException',
          `The image tag '${tag}' already exists in the '${repositoryName}' repository and cannot be overwritten because the repository is immutable.`,
        );
      }
    }
    const image = repo.images.get(digest) ?? {
      digest,
      tags: [],
      pushedAt: i.pushedAt,
      sizeBytes: i.sizeBytes,
      missingLayers: false,
    };
    image.missingLayers = i.missingLayers ?? image.missingLayers;
    if (i.pullSeconds !== undefined) image.pullSeconds = i.pullSeconds;
    if (i.scanFindings !== undefined) image.scanFindings = { ...i.scanFindings };
    else if (repo.scanOnPush && image.scanFindings === undefined) image.scanFindings = {};
    for (const tag of i.tags) this.moveTag(repo, tag, image);
    repo.images.set(digest, image);
    return { digest };
  }

  /** Can ECS pull this image? Images outside this account's registry are not ours to judge. */
  resolveImage(imageUri: string): ImageResolution {
    const parsed = parseEcrUri(imageUri);
    if (!parsed || parsed.registryId !== this.accountId || parsed.region !== this.region) return { kind: 'external' };
    const ref = parsed.digest ? imageUri : `${this.repositoryUri(parsed.repositoryName)}:${parsed.tag ?? 'latest'}`;
    const repo = this.repos.get(parsed.repositoryName);
    if (!repo) {
      return {
        kind: 'ecr',
        ok: false,
        reason:
          `pull image manifest has been retried 5 time(s): failed to resolve ref ${ref}: pull access denied, repository does not exist or may require authorization: ` +
          `name unknown: The repository with name '${parsed.repositoryName}' does not exist in the registry with id '${this.accountId}'`,
      };
    }
    const image = this.findImage(repo, parsed);
    if (!image) {
      return { kind: 'ecr', ok: false, reason: `pull image manifest has been retried 5 time(s): failed to resolve ref ${ref}: ${ref}: not found` };
    }
    if (image.missingLayers) {
      const layer = deterministicDigest(repo.name, ['layer', image.digest], image.pushedAt);
      return {
        kind: 'ecr',
        ok: false,
        reason:
          `pull image layer has been retried 5 time(s): failed to copy: httpReadSeeker: failed open: ` +
          `unexpected status code https://${this.accountId}.dkr.ecr.${this.region}.amazonaws.com/v2/${repo.name}/blobs/${layer}: 404 Not Found`,
      };
    }
    return image.pullSeconds ? { kind: 'ecr', ok: true, digest: image.digest, pullMs: image.pullSeconds * 1000 } : { kind: 'ecr', ok: true, digest: image.digest };
  }

  /** Sets the image's lastRecordedPullTime; unknown or external images are ignored. */
  recordPull(imageUri: string, at: Date): void {
    const parsed = parseEcrUri(imageUri);
    if (!parsed || parsed.registryId !== this.accountId) return;
    const repo = this.repos.get(parsed.repositoryName);
    const image = repo && this.findImage(repo, parsed);
    if (image && (!image.lastPulledAt || image.lastPulledAt < at)) image.lastPulledAt = at;
  }

  repositoryUri(name: string): string {
    return `${this.accountId}.dkr.ecr.${this.region}.amazonaws.com/${name}`;
  }

  // ---- reads for the ECR service ----

  repository(name: string): EcrRepository | undefined {
    return this.repos.get(name);
  }

  /** Repositories sorted by name. */
  repositories(): EcrRepository[] {
    return [...this.repos.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The repository, or the RepositoryNotFoundException ECR answers. */
  requireRepository(name: string, registryId = this.accountId): EcrRepository {
    const repo = registryId === this.accountId ? this.repos.get(name) : undefined;
    if (!repo) {
      throw new SimError(
        'RepositoryNotFoundException',
        `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
      );
    }
    return repo;
  }

  private findImage(repo: EcrRepository, ref: { tag?: string; digest?: string }): EcrImage | undefined {
    if (ref.digest) return repo.images.get(ref.digest);
    const digest = repo.tags.get(ref.tag ?? 'latest');
    return digest === undefined ? undefined : repo.images.get(digest);
  }

  private moveTag(repo: EcrRepository, tag: string, to: EcrImage): void {
    const previous = repo.tags.get(tag);
    if (previous !== undefined && previous !== to.digest) {
      const old = repo.images.get(previous);
      if (old) old.tags = old.tags.filter((t) => t !== tag);
    }
    repo.tags.set(tag, to.digest);
    if (!to.tags.includes(tag)) to.tags.push(tag);
  }
}

export function parseEcrUri(uri: string): ParsedEcrUri | undefined {
  const m = ECR_URI.exec(uri);
  if (!m) return undefined;
  return { registryId: m[1], region: m[2], repositoryName: m[3], tag: m[4], digest: m[5] };
}

/** `sha256:` + 64 hex, stable for the same repository, tags and push time. */
export function deterministicDigest(repositoryName: string, tags: string[], pushedAt: Date): string {
  const hash = createHash('sha256').update(`${repositoryName}|${tags.join(',')}|${pushedAt.toISOString()}`).digest('hex');
  return `sha256:${hash}`;
}
