import { DescribeImagesCommand, DescribeRepositoriesCommand, ListImagesCommand, type ImageDetail, type Repository } from '@aws-sdk/client-ecr';
import { allPages, type EcrLike } from '../aws/reads';
import type { RegistryImage, RepositoryRecord, ScanSeverity, ScanSummary } from '../../contract/domains/registry';

/** ECR reads with every page followed (a repository may hold 100,000 images). */

export async function describeRepositories(ecr: EcrLike, repositoryNames?: string[]): Promise<Repository[]> {
  const pages = await allPages((nextToken) => ecr.send(new DescribeRepositoriesCommand({ repositoryNames, nextToken, maxResults: repositoryNames ? undefined : 1000 })));
  return pages.flatMap((p) => p.repositories ?? []);
}

export async function describeAllImages(ecr: EcrLike, repositoryName: string): Promise<ImageDetail[]> {
  const pages = await allPages((nextToken) => ecr.send(new DescribeImagesCommand({ repositoryName, nextToken, maxResults: 1000 })));
  return pages.flatMap((p) => p.imageDetails ?? []);
}

/** Distinct digests of a repository: ListImages lists one id per tag, so count digests. */
export async function countImages(ecr: EcrLike, repositoryName: string): Promise<number> {
  const pages = await allPages((nextToken) => ecr.send(new ListImagesCommand({ repositoryName, nextToken, maxResults: 1000 })));
  return new Set(pages.flatMap((p) => (p.imageIds ?? []).map((id) => id.imageDigest)).filter((d) => !!d)).size;
}

export function toRepositoryRecord(repo: Repository, imageCount: number | null): RepositoryRecord {
  return {
    name: repo.repositoryName ?? '',
    arn: repo.repositoryArn ?? '',
    uri: repo.repositoryUri ?? '',
    tagMutability: repo.imageTagMutability ?? 'MUTABLE',
    scanOnPush: repo.imageScanningConfiguration?.scanOnPush ?? false,
    encryptionType: repo.encryptionConfiguration?.encryptionType ?? 'AES256',
    kmsKey: repo.encryptionConfiguration?.kmsKey ?? null,
    createdAt: repo.createdAt ? repo.createdAt.getTime() : null,
    imageCount,
  };
}

const SEVERITIES: readonly ScanSeverity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'];

export function toScanSummary(detail: ImageDetail): ScanSummary | null {
  const status = detail.imageScanStatus?.status ?? null;
  const raw = detail.imageScanFindingsSummary?.findingSeverityCounts;
  if (!status && !raw) return null;
  const counts: ScanSummary['counts'] = {};
  let total = 0;
  for (const severity of SEVERITIES) {
    const n = raw?.[severity];
    if (typeof n === 'number' && n > 0) {
      counts[severity] = n;
      total += n;
    }
  }
  return { status, counts, total };
}

/** The image fields of the registry view, without the usage columns. */
export function toRegistryImage(detail: ImageDetail): Omit<RegistryImage, 'usedBy' | 'runningTasks'> {
  return {
    digest: detail.imageDigest ?? '',
    tags: [...(detail.imageTags ?? [])],
    pushedAt: detail.imagePushedAt ? detail.imagePushedAt.getTime() : null,
    sizeBytes: detail.imageSizeInBytes ?? null,
    scan: toScanSummary(detail),
    lastPulledAt: detail.lastRecordedPullTime ? detail.lastRecordedPullTime.getTime() : null,
  };
}

/**
 * Whether `tag` can never be moved to another digest in this repository. IMMUTABLE repositories
 * may exempt tags matching exclusion filters (wildcards), and MUTABLE_WITH_EXCLUSION the reverse.
 */
export function tagIsImmutable(repo: Pick<Repository, 'imageTagMutability' | 'imageTagMutabilityExclusionFilters'>, tag: string): boolean {
  const mode = repo.imageTagMutability ?? 'MUTABLE';
  const excluded = (repo.imageTagMutabilityExclusionFilters ?? []).some((f) => f.filter && wildcardMatch(f.filter, tag));
  if (mode === 'IMMUTABLE') return true;
  if (mode === 'IMMUTABLE_WITH_EXCLUSION') return !excluded;
  if (mode === 'MUTABLE_WITH_EXCLUSION') return excluded;
  return false;
}

function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(value);
}
