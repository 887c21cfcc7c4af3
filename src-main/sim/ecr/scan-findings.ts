/**
 * Basic-scanning findings for an image, made up deterministically from its severity counts:
 * the same image always lists the same CVEs, so screenshots and tests are stable.
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

function finding(digest: string, severity: Severity, index: number): ScanFinding {
  const seed = createHash('sha256').update(`${digest}#${index}`).digest();
  const year = 2019 + (seed[0] % 6);
  const id = `CVE-${year}-${1000 + (seed.readUInt16BE(1) % 49000)}`;
  const [pkg, version] = PACKAGES[seed[3] % PACKAGES.length];
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
