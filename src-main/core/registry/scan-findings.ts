import { DescribeImageScanFindingsCommand, type DescribeImageScanFindingsCommandOutput, type EnhancedImageScanFinding, type ImageScanFinding } from '@aws-sdk/client-ecr';
import type { EcrLike } from '../aws/reads';
import type { ImageFindings, ScanFinding, ScanSeverity } from '../../contract/domains/registry';

/**
 * One image's scan findings as ECR answers DescribeImageScanFindings, in either shape:
 * basic scanning lists `findings` (the package in `attributes`, no fixed-in version),
 * enhanced scanning (Amazon Inspector) lists `enhancedFindings` (vulnerable packages with
 * the version that fixes each). Every page is read, up to MAX_FINDINGS.
 */
export const MAX_FINDINGS = 10_000;
const PAGE_SIZE = 1000;

type Page = Pick<DescribeImageScanFindingsCommandOutput, 'imageScanStatus' | 'imageScanFindings' | 'nextToken'>;

export async function readScanFindings(ecr: EcrLike, repositoryName: string, digest: string): Promise<{ pages: Page[]; truncated: boolean }> {
  const pages: Page[] = [];
  let nextToken: string | undefined;
  let count = 0;
  do {
    const page = await ecr.send(new DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageDigest: digest }, maxResults: PAGE_SIZE, nextToken }));
    pages.push(page);
    count += (page.imageScanFindings?.findings?.length ?? 0) + (page.imageScanFindings?.enhancedFindings?.length ?? 0);
    nextToken = page.nextToken;
  } while (nextToken && count < MAX_FINDINGS);
  return { pages, truncated: !!nextToken };
}

const SEVERITY_ORDER = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNTRIAGED', 'UNDEFINED'];
const COUNTED: readonly ScanSeverity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'];

/** The pages joined into the view's shape: one row per vulnerable package, most severe first. */
export function toImageFindings(repositoryName: string, digest: string, read: { pages: Page[]; truncated: boolean }, fetchedAt: number): ImageFindings {
  const first = read.pages[0];
  const scan = first?.imageScanFindings;
  const enhanced = read.pages.some((p) => p.imageScanFindings?.enhancedFindings !== undefined);
  const findings: ScanFinding[] = [];
  for (const page of read.pages) {
    for (const f of page.imageScanFindings?.findings ?? []) findings.push(fromBasic(f));
    for (const f of page.imageScanFindings?.enhancedFindings ?? []) findings.push(...fromEnhanced(f));
  }
  findings.sort((a, b) => rank(a.severity) - rank(b.severity) || a.id.localeCompare(b.id) || (a.packageName ?? '').localeCompare(b.packageName ?? ''));
  const counts: ImageFindings['counts'] = {};
  for (const severity of COUNTED) {
    const n = scan?.findingSeverityCounts?.[severity];
    if (typeof n === 'number' && n > 0) counts[severity] = n;
  }
  return {
    repositoryName,
    digest,
    scanType: enhanced || first?.imageScanStatus?.status === 'ACTIVE' ? 'ENHANCED' : 'BASIC',
    status: first?.imageScanStatus?.status ?? null,
    statusDescription: first?.imageScanStatus?.description ?? null,
    completedAt: scan?.imageScanCompletedAt ? scan.imageScanCompletedAt.getTime() : null,
    sourceUpdatedAt: scan?.vulnerabilitySourceUpdatedAt ? scan.vulnerabilitySourceUpdatedAt.getTime() : null,
    counts,
    findings,
    truncated: read.truncated,
    fetchedAt,
  };
}

function rank(severity: string): number {
  const i = SEVERITY_ORDER.indexOf(severity);
  return i < 0 ? SEVERITY_ORDER.length : i;
}

function fromBasic(f: ImageScanFinding): ScanFinding {
  const attr = (key: string) => f.attributes?.find((a) => a.key === key)?.value ?? null;
  const rawScore = attr('CVSS3_SCORE') ?? attr('CVSS2_SCORE');
  const score = rawScore === null ? NaN : Number(rawScore);
  return {
    id: f.name ?? 'unnamed finding',
    severity: f.severity ?? 'UNDEFINED',
    packageName: attr('package_name'),
    installedVersion: attr('package_version'),
    // Basic scanning does not report the version that fixes a finding.
    fixedInVersion: null,
    fixAvailable: null,
    link: httpsOrNull(f.uri),
    score: Number.isFinite(score) ? score : null,
    description: f.description ?? null,
  };
}

function fromEnhanced(f: EnhancedImageScanFinding): ScanFinding[] {
  const details = f.packageVulnerabilityDetails;
  const id = details?.vulnerabilityId ?? f.title ?? 'unnamed finding';
  const link = httpsOrNull(details?.sourceUrl) ?? httpsOrNull(details?.referenceUrls?.[0]) ?? httpsOrNull(f.remediation?.recommendation?.url);
  const score = f.score ?? details?.cvss?.[0]?.baseScore ?? null;
  const base = { id, severity: f.severity ?? 'UNDEFINED', link, score, description: f.description ?? null };
  const packages = details?.vulnerablePackages ?? [];
  const noFix = f.fixAvailable === 'NO';
  if (packages.length === 0) return [{ ...base, packageName: null, installedVersion: null, fixedInVersion: null, fixAvailable: noFix ? false : f.fixAvailable === 'YES' ? true : null }];
  return packages.map((p) => {
    const fixed = p.fixedInVersion && p.fixedInVersion !== 'NotAvailable' ? p.fixedInVersion : null;
    return {
      ...base,
      packageName: p.name ?? null,
      installedVersion: fullVersion(p.epoch, p.version, p.release),
      fixedInVersion: fixed,
      // Per package: a finding with a fix for one package (fixAvailable PARTIAL) may have none for another.
      fixAvailable: fixed ? true : p.fixedInVersion === 'NotAvailable' || noFix ? false : null,
    };
  });
}

/** Inspector splits a package version into epoch, version and release; people read `epoch:version-release`. */
function fullVersion(epoch: number | undefined, version: string | undefined, release: string | undefined): string | null {
  if (!version) return null;
  return `${epoch ? `${epoch}:` : ''}${version}${release ? `-${release}` : ''}`;
}

/** Only https advisory links are shown as links. */
function httpsOrNull(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
