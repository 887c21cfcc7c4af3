import type { ImageFindings, RepositoryUser, ScanFinding } from '@contract/domains/registry';
import type { HealthState } from '../../theme/states';
import { pluralize } from '../../format';

/** The findings table's words and colours, pure so tests can pin them. */

/** CRITICAL and HIGH fail, MEDIUM degrades, the rest are told apart by their word only. */
export function severityState(severity: string): HealthState {
  if (severity === 'CRITICAL' || severity === 'HIGH') return 'failed';
  if (severity === 'MEDIUM') return 'degraded';
  return 'unknown';
}

/** The fixed-in column: the version, "no fix yet", or "not reported" (basic scanning never says). */
export function fixedText(f: Pick<ScanFinding, 'fixedInVersion' | 'fixAvailable'>): string {
  if (f.fixedInVersion) return f.fixedInVersion;
  return f.fixAvailable === false ? 'no fix yet' : 'not reported';
}

/** "Enhanced scanning (Amazon Inspector), continuous" or "Basic scanning". */
export function scanKindText(findings: Pick<ImageFindings, 'scanType' | 'status'>): string {
  if (findings.scanType === 'ENHANCED') return findings.status === 'ACTIVE' ? 'Enhanced scanning (Amazon Inspector), continuous' : 'Enhanced scanning (Amazon Inspector)';
  return 'Basic scanning';
}

/** How many findings have a fixed-in version, for the summary line. */
export function fixableCount(findings: readonly ScanFinding[]): number {
  return findings.filter((f) => f.fixedInVersion).length;
}

/** "checkout, payments-api +2" for a repository row; "—" when nothing runs it. */
export function usersText(users: readonly RepositoryUser[] | undefined, shown = 2): string {
  if (!users || users.length === 0) return '—';
  const names = users.slice(0, shown).map((u) => u.serviceName);
  return users.length > shown ? `${names.join(', ')} +${users.length - shown}` : names.join(', ');
}

/** What core still has to read before "run by" is complete, in words; null when it is. */
export function usersLeftText(progress: { clustersLeft: number | null; taskDefinitionsLeft: number } | null): string | null {
  if (!progress) return null;
  if (progress.clustersLeft === null) return 'reading the clusters';
  if (progress.clustersLeft > 0) return `reading the services of ${pluralize(progress.clustersLeft, 'cluster')}${progress.taskDefinitionsLeft > 0 ? ` and ${pluralize(progress.taskDefinitionsLeft, 'task definition')}` : ''}`;
  return `still reading ${pluralize(progress.taskDefinitionsLeft, 'task definition')}`;
}
