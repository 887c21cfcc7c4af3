/**
 * One region's EKS: its clusters by name (each with node groups, Fargate profiles, add-ons,
 * insights, access entries and its Kubernetes world), and the ARNs EKS gives them.
 */
import { SimError } from '../http/types';
import type { Random } from '../engine/random';
import type { EksAddon, EksCluster, EksFargateProfile, EksNodegroup } from './eks-types';

export interface EksStoreOptions {
  accountId: string;
  region: string;
  random: Random;
  /**
   * The principals that created the account's clusters (IAM ARNs): a new cluster gives them an
   * access entry with AmazonEKSClusterAdminPolicy, as `bootstrapClusterCreatorAdminPermissions`.
   */
  creators?: readonly string[];
}

export class EksStore {
  readonly accountId: string;
  readonly region: string;
  readonly random: Random;
  readonly creators: readonly string[];
  readonly clusters = new Map<string, EksCluster>();

  constructor(options: EksStoreOptions) {
    this.accountId = options.accountId;
    this.region = options.region;
    this.random = options.random;
    this.creators = options.creators ?? [];
  }

  arn(resource: string): string {
    return `arn:aws:eks:${this.region}:${this.accountId}:${resource}`;
  }

  /** Clusters in the order ListClusters gives them (by name). */
  list(): EksCluster[] {
    return [...this.clusters.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  requireCluster(name: unknown): EksCluster {
    const cluster = typeof name === 'string' ? this.clusters.get(name) : undefined;
    if (!cluster) throw new SimError('ResourceNotFoundException', `No cluster found for name: ${String(name)}.`, 404, undefined, typeof name === 'string' ? { clusterName: name } : undefined);
    return cluster;
  }

  requireNodegroup(cluster: EksCluster, name: unknown): EksNodegroup {
    const ng = typeof name === 'string' ? cluster.nodegroups.get(name) : undefined;
    if (!ng) throw new SimError('ResourceNotFoundException', `No node group found for name: ${String(name)}.`, 404, undefined, { clusterName: cluster.name, nodegroupName: String(name) });
    return ng;
  }

  requireFargateProfile(cluster: EksCluster, name: unknown): EksFargateProfile {
    const fp = typeof name === 'string' ? cluster.fargateProfiles.get(name) : undefined;
    if (!fp) throw new SimError('ResourceNotFoundException', `No Fargate Profile found with name: ${String(name)}.`, 404, undefined, { clusterName: cluster.name, fargateProfileName: String(name) });
    return fp;
  }

  requireAddon(cluster: EksCluster, name: unknown): EksAddon {
    const addon = typeof name === 'string' ? cluster.addons.get(name) : undefined;
    if (!addon) throw new SimError('ResourceNotFoundException', `No addon: ${String(name)} found in cluster: ${cluster.name}`, 404, undefined, { clusterName: cluster.name, addonName: String(name) });
    return addon;
  }
}
