/**
 * The Kubernetes versions EKS offers and their support calendar (EKS user guide, "Understand
 * the Kubernetes version lifecycle on EKS": 14 months of standard support from release, then
 * 12 months of extended support). DescribeClusterVersions answers from this table; a cluster's
 * support status follows from its version and the sim's "now".
 */
export interface EksVersion {
  version: string;
  releaseDate: string;
  endOfStandardSupport: string;
  endOfExtendedSupport: string;
  /** The newest EKS platform version of this Kubernetes version, and its patch level. */
  platformVersion: string;
  patch: string;
}

export const EKS_VERSIONS: readonly EksVersion[] = [
  { version: '1.35', releaseDate: '2026-01-27', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27', platformVersion: 'eks.9', patch: '1.35.2' },
  { version: '1.34', releaseDate: '2025-10-02', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02', platformVersion: 'eks.14', patch: '1.34.5' },
  { version: '1.33', releaseDate: '2025-05-29', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29', platformVersion: 'eks.22', patch: '1.33.9' },
  { version: '1.32', releaseDate: '2025-01-23', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23', platformVersion: 'eks.28', patch: '1.32.13' },
  { version: '1.31', releaseDate: '2024-09-26', endOfStandardSupport: '2025-11-26', endOfExtendedSupport: '2026-11-26', platformVersion: 'eks.40', patch: '1.31.14' },
  { version: '1.30', releaseDate: '2024-05-23', endOfStandardSupport: '2025-07-23', endOfExtendedSupport: '2026-07-23', platformVersion: 'eks.45', patch: '1.30.14' },
  { version: '1.29', releaseDate: '2024-01-23', endOfStandardSupport: '2025-03-23', endOfExtendedSupport: '2026-03-23', platformVersion: 'eks.48', patch: '1.29.15' },
];

export type SupportStatus = 'standard-support' | 'extended-support' | 'unsupported';

export function versionInfo(version: string): EksVersion | undefined {
  return EKS_VERSIONS.find((v) => v.version === version);
}

export function supportStatus(v: EksVersion, now: number): SupportStatus {
  if (now < Date.parse(v.endOfStandardSupport)) return 'standard-support';
  if (now < Date.parse(v.endOfExtendedSupport)) return 'extended-support';
  return 'unsupported';
}

