/**
 * Scan findings for an image, made up deterministically from its severity counts: the same
 * image always lists the same CVEs, so screenshots and tests are stable. Basic scanning
 * answers `findings` (name, uri, package in attributes, no fixed-in version); enhanced
 * scanning (Amazon Inspector) answers `enhancedFindings` (the vulnerable packages with
 * the version that fixes each, scores, an Inspector finding ARN).
 */
import { createHash } from 'node:crypto';
import type { EcrImage, Severity } from './ecr-store';

export interface ScanFinding {
  name: string;
  description: string;
  uri: string;
  severity: Severity;
  attributes: Array<{ key: string; value: string }>;
}

// Packages a Debian-based image typically carries; findings are spread over them.
const PACKAGES = [
  ['openssl', '3.0.11-1~deb12u1'],
  ['libc6', '2.36-9+deb12u3'],
  ['zlib1g', '1:1.2.13.dfsg-1'],
  ['curl', '7.88.1-10+deb12u4'],
  ['libxml2', '2.9.14+dfsg-1.3'],
  ['perl-base', '5.36.0-7+deb12u1'],
  ['tar', '1.34+dfsg-1.2'],
  ['libgnutls30', '3.7.9-2'],
] as const;

const CVSS_BY_SEVERITY: Record<Severity, string> = {
  CRITICAL: '9.8',
  HIGH: '7.5',
  MEDIUM: '5.3',
  LOW: '3.1',
  INFORMATIONAL: '0.0',
};

const ORDER: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

/** Severity counts with the zero entries left out, as ECR reports them. */
export function severityCounts(image: EcrImage): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const severity of ORDER) {
    const n = image.scanFindings?.[severity] ?? 0;
    if (n > 0) counts[severity] = n;
  }
  return counts;
}

/** One finding per counted vulnerability, most severe first. */
export function findingsFor(image: EcrImage): ScanFinding[] {
  const findings: ScanFinding[] = [];
  for (const severity of ORDER) {
    const n = image.scanFindings?.[severity] ?? 0;
    for (let k = 0; k < n; k++) findings.push(finding(image.digest, severity, findings.length));
  }
  return findings;
}

interface Drawn {
  id: string;
  pkg: string;
  version: string;
  seed: Buffer;
}

/** The CVE and package of the image's `index`th finding. */
function draw(digest: string, index: number): Drawn {
  const seed = createHash('sha256').update(`${digest}#${index}`).digest();
  const year = 2019 + (seed[0] % 6);
  const id = `CVE-${year}-${1000 + (seed.readUInt16BE(1) % 49000)}`;
  const [pkg, version] = PACKAGES[seed[3] % PACKAGES.length];
  return { id, pkg, version, seed };
}

function finding(digest: string, severity: Severity, index: number): ScanFinding {
  const { id, pkg, version } = draw(digest, index);
  return {
    name: id,
    description: `A flaw was found in ${pkg} that may allow a remote attacker to cause a denial of service or disclose memory.`,
    uri: `https://security-tracker.debian.org/tracker/${id}`,
    severity,
    attributes: [
      { key: 'package_version', value: version },
      { key: 'package_name', value: pkg },
      { key: 'CVSS2_VECTOR', value: 'AV:N/AC:L/Au:N/C:P/I:N/A:N' },
      { key: 'CVSS2_SCORE', value: CVSS_BY_SEVERITY[severity] },
    ],
  };
}

const SCORE_BY_SEVERITY: Record<Severity, number> = { CRITICAL: 9.8, HIGH: 7.5, MEDIUM: 5.5, LOW: 3.3, INFORMATIONAL: 0 };
const CVSS3_VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N';

/** Where the enhanced findings were observed: the image, as Inspector names it. */
export interface EnhancedContext {
  accountId: string;
  region: string;
  repositoryName: string;
  repositoryArn: string;
}

/**
 * Enhanced-scanning findings (Inspector's shape inside ECR's answer). About one in four has
 * no fix yet (fixedInVersion "NotAvailable", fixAvailable "NO"), as Inspector reports it.
 */
export function enhancedFindingsFor(image: EcrImage, ctx: EnhancedContext) {
  const findings: unknown[] = [];
  let index = 0;
  for (const severity of ORDER) {
    const n = image.scanFindings?.[severity] ?? 0;
    for (let k = 0; k < n; k++, index++) {
      const { id, pkg, version, seed } = draw(image.digest, index);
      const fixed = seed[4] % 4 !== 0;
      const observed = new Date(image.pushedAt.getTime() + 60_000);
      findings.push({
        awsAccountId: ctx.accountId,
        description: `A flaw was found in ${pkg} that may allow a remote attacker to cause a denial of service or disclose memory.`,
        findingArn: `arn:aws:inspector2:${ctx.region}:${ctx.accountId}:finding/${seed.subarray(8, 24).toString('hex')}`,
        firstObservedAt: observed,
        lastObservedAt: observed,
        updatedAt: observed,
        packageVulnerabilityDetails: {
          cvss: [{ baseScore: SCORE_BY_SEVERITY[severity], scoringVector: CVSS3_VECTOR, source: 'NVD', version: '3.1' }],
          referenceUrls: [`https://security-tracker.debian.org/tracker/${id}`],
          source: 'DEBIAN_CVE',
          sourceUrl: `https://nvd.nist.gov/vuln/detail/${id}`,
          vendorSeverity: severity === 'INFORMATIONAL' ? 'unimportant' : severity.toLowerCase(),
          vulnerabilityId: id,
          vulnerablePackages: [{
            arch: 'AMD64',
            epoch: 0,
            name: pkg,
            packageManager: 'OS',
            version: version.replace(/-[^-]*$/, ''),
            release: version.includes('-') ? version.slice(version.lastIndexOf('-') + 1) : '',
            sourceLayerHash: `sha256:${seed.subarray(0, 32).toString('hex')}`,
            fixedInVersion: fixed ? fixedVersionOf(version) : 'NotAvailable',
          }],
        },
        remediation: { recommendation: { text: fixed ? `Upgrade ${pkg} to ${fixedVersionOf(version)} or later.` : 'None Provided' } },
        resources: [{
          type: 'AWS_ECR_CONTAINER_IMAGE',
          id: `${ctx.repositoryArn}/${image.digest}`,
          details: { awsEcrContainerImage: { architecture: 'amd64', imageHash: image.digest, imageTags: [...image.tags], platform: 'DEBIAN_12', pushedAt: image.pushedAt, registry: ctx.accountId, repositoryName: ctx.repositoryName } },
        }],
        score: SCORE_BY_SEVERITY[severity],
        scoreDetails: { cvss: { score: SCORE_BY_SEVERITY[severity], scoreSource: 'NVD', scoringVector: CVSS3_VECTOR, version: '3.1', adjustments: [] } },
        severity,
        status: 'ACTIVE',
        title: `${id} - ${pkg}`,
        type: 'PACKAGE_VULNERABILITY',
        fixAvailable: fixed ? 'YES' : 'NO',
        exploitAvailable: 'NO',
      });
    }
  }
  return findings;
}

/** A Debian-style next revision: "3.0.11-1~deb12u1" → "3.0.11-1~deb12u2". */
function fixedVersionOf(version: string): string {
  const m = /^(.*?)(\d+)$/.exec(version);
  return m ? `${m[1]}${Number(m[2]) + 1}` : `${version}+fix1`;
}
