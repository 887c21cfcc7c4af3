/**
 * EKS states in words and one of Wharf's five health states, computed once here for every
 * view (overview, cluster page, placement map): pure, shared by main and renderer.
 */
import type { EksAddon, EksClusterRecord, EksNodegroup, KubeNodeRecord } from './domains/eks';

export type HealthStateName = 'healthy' | 'progress' | 'degraded' | 'failed' | 'unknown';

export interface Verdict {
  state: HealthStateName;
  word: string;
}

export function clusterVerdict(c: Pick<EksClusterRecord, 'status' | 'problemCount' | 'counts' | 'kube'>): Verdict {
  switch (c.status) {
    case 'CREATING':
      return { state: 'progress', word: 'creating' };
    case 'UPDATING':
      return { state: 'progress', word: 'updating' };
    case 'PENDING':
      return { state: 'progress', word: 'pending' };
    case 'DELETING':
      return { state: 'degraded', word: 'deleting' };
    case 'FAILED':
      return { state: 'failed', word: 'failed' };
  }
  if (c.counts && c.counts.notReadyNodes > 0) return { state: 'degraded', word: `${c.counts.notReadyNodes} node${c.counts.notReadyNodes === 1 ? '' : 's'} NotReady` };
  if (c.problemCount > 0) return { state: 'degraded', word: `${c.problemCount} problem${c.problemCount === 1 ? '' : 's'}` };
  if (c.status === 'ACTIVE') return { state: 'healthy', word: 'active' };
  return { state: 'unknown', word: c.status.toLowerCase() };
}

export function nodegroupVerdict(ng: Pick<EksNodegroup, 'status' | 'issues'>): Verdict {
  if (ng.status.endsWith('FAILED')) return { state: 'failed', word: ng.status.toLowerCase().replace('_', ' ') };
  if (ng.status === 'UPDATING') return { state: 'progress', word: 'updating' };
  if (ng.status === 'CREATING') return { state: 'progress', word: 'creating' };
  if (ng.status === 'DEGRADED' || ng.issues.length) return { state: 'degraded', word: 'degraded' };
  if (ng.status === 'ACTIVE') return { state: 'healthy', word: 'active' };
  return { state: 'unknown', word: ng.status.toLowerCase() };
}

export function addonVerdict(a: Pick<EksAddon, 'status' | 'issues'>): Verdict {
  if (a.status.endsWith('FAILED')) return { state: 'failed', word: a.status.toLowerCase().replace('_', ' ') };
  if (a.status === 'DEGRADED' || a.issues.length) return { state: 'degraded', word: 'degraded' };
  if (a.status === 'CREATING' || a.status === 'UPDATING') return { state: 'progress', word: a.status.toLowerCase() };
  if (a.status === 'ACTIVE') return { state: 'healthy', word: 'active' };
  return { state: 'unknown', word: a.status.toLowerCase() };
}

export function insightVerdict(status: 'PASSING' | 'WARNING' | 'ERROR' | 'UNKNOWN'): Verdict {
  if (status === 'PASSING') return { state: 'healthy', word: 'passing' };
  if (status === 'WARNING') return { state: 'degraded', word: 'warning' };
  if (status === 'ERROR') return { state: 'failed', word: 'error' };
  return { state: 'unknown', word: 'unknown' };
}

export function nodeVerdict(n: Pick<KubeNodeRecord, 'ready' | 'unschedulable'>): Verdict {
  if (n.ready !== 'True') return { state: 'failed', word: 'NotReady' };
  if (n.unschedulable) return { state: 'degraded', word: 'cordoned' };
  return { state: 'healthy', word: 'Ready' };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** "standard support until 2026-12-02", "extended support until 2027-03-23 (standard ended 2026-03-23)", ... */
export function supportWords(c: Pick<EksClusterRecord, 'support'>): Verdict {
  const { status, endOfStandardSupport, endOfExtendedSupport } = c.support;
  if (status === 'standard') return { state: 'healthy', word: endOfStandardSupport ? `standard support until ${day(endOfStandardSupport)}` : 'standard support' };
  if (status === 'extended') {
    return { state: 'degraded', word: `extended support${endOfExtendedSupport ? ` until ${day(endOfExtendedSupport)}` : ''}${endOfStandardSupport ? ` (standard ended ${day(endOfStandardSupport)})` : ''}` };
  }
  if (status === 'unsupported') return { state: 'failed', word: 'past extended support' };
  return { state: 'unknown', word: 'support not known yet' };
}

/** The support status in a few words for a card: "extended support until 2027-03-23". */
export function supportShort(c: Pick<EksClusterRecord, 'support'>): Verdict {
  const v = supportWords(c);
  return { state: v.state, word: v.word.replace(/ \(standard ended [^)]*\)$/, '') };
}

/** "public and private", "private only", "public only". */
export function endpointWords(c: Pick<EksClusterRecord, 'endpointPublicAccess' | 'endpointPrivateAccess' | 'publicAccessCidrs'>): string {
  if (c.endpointPublicAccess && c.endpointPrivateAccess) return openTo('public and private', c.publicAccessCidrs);
  if (c.endpointPublicAccess) return openTo('public only', c.publicAccessCidrs);
  return c.endpointPrivateAccess ? 'private only' : 'no endpoint access';
}

function openTo(words: string, cidrs: readonly string[]): string {
  if (!cidrs.length || (cidrs.length === 1 && cidrs[0] === '0.0.0.0/0')) return words;
  return `${words} (public from ${cidrs.length} CIDR${cidrs.length === 1 ? '' : 's'})`;
}
