/**
 * EKS access entries: which IAM principals may use a cluster's Kubernetes API, as whom, and
 * with which EKS access policies (EKS user guide, "Grant IAM users access to Kubernetes with
 * EKS access entries" and "Review access policy permissions"). A principal without an entry
 * is not authenticated at all (401); an entry whose policies do not cover a request is
 * authenticated and refused (403).
 */
import type { CallerIdentity } from './token-verifier';

export const POLICY_PREFIX = 'arn:aws:eks::aws:cluster-access-policy/';

export type AccessScope = { type: 'cluster' } | { type: 'namespace'; namespaces: string[] };

export interface AccessPolicyAssociation {
  policyArn: string;
  accessScope: AccessScope;
  associatedAt: number;
}

export interface AccessEntry {
  principalArn: string;
  type: 'STANDARD';
  /** Default: the principal's ARN (users) or its session ARN with {{SessionName}} (roles). */
  username?: string;
  kubernetesGroups: string[];
  createdAt: number;
  policies: AccessPolicyAssociation[];
}

export type Verb = 'get' | 'list' | 'watch';
export type Resource = 'nodes' | 'pods' | 'namespaces' | 'events';

/** What each EKS access policy lets a principal read, by the Kubernetes role it stands for. */
const READS: Record<string, { all: boolean; nodes: boolean }> = {
  AmazonEKSClusterAdminPolicy: { all: true, nodes: true },
  AmazonEKSAdminViewPolicy: { all: true, nodes: true },
  // The Kubernetes admin, edit and view roles: namespaced resources and namespaces, not nodes.
  AmazonEKSAdminPolicy: { all: false, nodes: false },
  AmazonEKSEditPolicy: { all: false, nodes: false },
  AmazonEKSViewPolicy: { all: false, nodes: false },
};

export function findEntry(entries: readonly AccessEntry[], identity: CallerIdentity): AccessEntry | undefined {
  return entries.find((e) => e.principalArn === identity.canonicalArn);
}

/** The Kubernetes user name the entry maps the caller to. */
export function usernameOf(entry: AccessEntry, identity: CallerIdentity): string {
  if (entry.username) return entry.username.replace('{{SessionName}}', identity.sessionName ?? '');
  const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(entry.principalArn);
  if (role) return `arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/${identity.sessionName ?? ''}`;
  return entry.principalArn;
}

/** Whether the entry's policies allow `verb` on `resource` (in `namespace`, or across the cluster when null). */
export function allows(entry: AccessEntry, verb: Verb, resource: Resource, namespace: string | null): boolean {
  if (verb !== 'get' && verb !== 'list' && verb !== 'watch') return false;
  return entry.policies.some((association) => {
    const reads = READS[association.policyArn.slice(POLICY_PREFIX.length)];
    if (!reads) return false;
    if (resource === 'nodes') return reads.nodes && association.accessScope.type === 'cluster';
    if (resource === 'namespaces') return association.accessScope.type === 'cluster' || (namespace !== null && association.accessScope.namespaces.includes(namespace));
    if (association.accessScope.type === 'cluster') return true;
    return namespace !== null && association.accessScope.namespaces.includes(namespace);
  });
}
