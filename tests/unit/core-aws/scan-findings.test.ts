import { describe, expect, it } from 'vitest';
import { toImageFindings } from '../../../src-main/core/registry/scan-findings';

const T = new Date(1_700_000_000_000);

describe("scan findings, as core turns ECR's answer into rows", () => {
  it('one row per vulnerable package of an enhanced finding, epoch:version-release, a fix per package', () => {
    const out = toImageFindings('shop/api', 'sha256:ab', {
      truncated: false,
      pages: [{
        imageScanStatus: { status: 'ACTIVE' },
        imageScanFindings: {
          imageScanCompletedAt: T,
          findingSeverityCounts: { HIGH: 1, LOW: 1 },
          enhancedFindings: [
            { severity: 'LOW', fixAvailable: 'NO', packageVulnerabilityDetails: { vulnerabilityId: 'CVE-2024-2', sourceUrl: 'http://insecure.example/x', referenceUrls: ['https://nvd.nist.gov/vuln/detail/CVE-2024-2'], vulnerablePackages: [{ name: 'tar', version: '1.34', fixedInVersion: 'NotAvailable' }] } },
            {
              severity: 'HIGH',
              fixAvailable: 'PARTIAL',
              score: 7.5,
              packageVulnerabilityDetails: {
                vulnerabilityId: 'CVE-2024-1',
                sourceUrl: 'https://nvd.nist.gov/vuln/detail/CVE-2024-1',
                vulnerablePackages: [
                  { name: 'openssl', epoch: 1, version: '3.0.11', release: '1~deb12u1', fixedInVersion: '1:3.0.11-1~deb12u2' },
                  { name: 'libssl3', version: '3.0.11', release: '1~deb12u1', fixedInVersion: 'NotAvailable' },
                ],
              },
            },
          ],
        },
      }],
    }, 5);
    expect(out).toMatchObject({ scanType: 'ENHANCED', status: 'ACTIVE', counts: { HIGH: 1, LOW: 1 }, completedAt: T.getTime(), truncated: false, fetchedAt: 5 });
    expect(out.findings.map((f) => [f.id, f.packageName, f.installedVersion, f.fixedInVersion, f.fixAvailable])).toEqual([
      ['CVE-2024-1', 'libssl3', '3.0.11-1~deb12u1', null, false],
      ['CVE-2024-1', 'openssl', '1:3.0.11-1~deb12u1', '1:3.0.11-1~deb12u2', true],
      ['CVE-2024-2', 'tar', '1.34', null, false],
    ]);
    // An http source is not offered as a link; the https reference is.
    expect(out.findings[2].link).toBe('https://nvd.nist.gov/vuln/detail/CVE-2024-2');
  });

  it('a basic finding: package and version from its attributes, no fixed-in version, its CVSS score', () => {
    const out = toImageFindings('shop/api', 'sha256:ab', {
      truncated: true,
      pages: [
        { imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: { findings: [{ name: 'CVE-2023-9', severity: 'MEDIUM', uri: 'https://security-tracker.debian.org/tracker/CVE-2023-9', attributes: [{ key: 'package_name', value: 'curl' }, { key: 'package_version', value: '7.88.1-10' }, { key: 'CVSS2_SCORE', value: '5.3' }] }] } },
        { imageScanFindings: { findings: [{ name: 'CVE-2023-8', severity: 'CRITICAL', attributes: [] }] } },
      ],
    }, 0);
    expect(out.scanType).toBe('BASIC');
    expect(out.truncated).toBe(true);
    expect(out.findings.map((f) => [f.id, f.severity, f.packageName, f.installedVersion, f.fixedInVersion, f.fixAvailable, f.score])).toEqual([
      ['CVE-2023-8', 'CRITICAL', null, null, null, null, null],
      ['CVE-2023-9', 'MEDIUM', 'curl', '7.88.1-10', null, null, 5.3],
    ]);
  });

});
