/**
 * The EKS records of one region as the sim keeps them (DescribeCluster & co. write them as
 * the API does, eks-render.ts). Each cluster carries its Kubernetes world.
 */
import type { AccessEntry } from '../k8s/access';
import type { Taint } from '../k8s/kube-types';
import type { KubeWorld } from '../k8s/kube-world';

export interface EksIssue {
  code: string;
  message: string;
  resourceIds?: string[];
}

export interface EksCluster {
  name: string;
  arn: string;
  id: string;
  createdAt: number;
  version: string;
  platformVersion: string;
  status: 'CREATING' | 'ACTIVE' | 'DELETING' | 'FAILED' | 'UPDATING' | 'PENDING';
  roleArn: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  clusterSecurityGroupId: string;
  endpointPublicAccess: boolean;
  endpointPrivateAccess: boolean;
  publicAccessCidrs: string[];
  serviceIpv4Cidr: string;
  oidcIssuer: string;
  authenticationMode: 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP';
  supportType: 'STANDARD' | 'EXTENDED';
  autoMode: { enabled: boolean; nodePools: string[]; nodeRoleArn?: string };
  loggingTypes: string[];
  tags: Record<string, string>;
  healthIssues: EksIssue[];
  accessEntries: AccessEntry[];
  /** Availability zones of the cluster's subnets, in subnet order. */
  zones: string[];
  nodegroups: Map<string, EksNodegroup>;
  fargateProfiles: Map<string, EksFargateProfile>;
  addons: Map<string, EksAddon>;
  insights: EksInsight[];
  kube: KubeWorld;
}

export interface EksNodegroup {
  name: string;
  arn: string;
  createdAt: number;
  modifiedAt: number;
  status: 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING' | 'CREATE_FAILED' | 'DELETE_FAILED' | 'DEGRADED';
  capacityType: 'ON_DEMAND' | 'SPOT' | 'CAPACITY_BLOCK';
  instanceTypes: string[];
  scaling: { minSize: number; maxSize: number; desiredSize: number };
  amiType: string;
  releaseVersion: string;
  version: string;
  subnets: string[];
  nodeRole: string;
  labels: Record<string, string>;
  taints: Taint[];
  diskSize: number;
  autoScalingGroup: string;
  healthIssues: EksIssue[];
  updateConfig: { maxUnavailable?: number; maxUnavailablePercentage?: number };
  tags: Record<string, string>;
}

export interface EksFargateProfile {
  name: string;
  arn: string;
  createdAt: number;
  podExecutionRoleArn: string;
  subnets: string[];
  selectors: Array<{ namespace: string; labels?: Record<string, string> }>;
  status: 'CREATING' | 'ACTIVE' | 'DELETING' | 'CREATE_FAILED' | 'DELETE_FAILED';
  tags: Record<string, string>;
}

export interface EksAddon {
  name: string;
  arn: string;
  version: string;
  status: 'CREATING' | 'ACTIVE' | 'CREATE_FAILED' | 'UPDATING' | 'DELETING' | 'DELETE_FAILED' | 'DEGRADED' | 'UPDATE_FAILED';
  createdAt: number;
  modifiedAt: number;
  healthIssues: EksIssue[];
  serviceAccountRoleArn?: string;
  owner: 'aws';
  publisher: 'eks';
}

export type InsightStatusValue = 'PASSING' | 'WARNING' | 'ERROR' | 'UNKNOWN';

export interface EksInsight {
  id: string;
  name: string;
  category: 'UPGRADE_READINESS' | 'MISCONFIGURATION' | 'ROLLBACK_READINESS';
  kubernetesVersion: string;
  lastRefreshTime: number;
  lastTransitionTime: number;
  description: string;
  status: InsightStatusValue;
  reason: string;
  recommendation: string;
  additionalInfo: Record<string, string>;
  resources: Array<{ status: InsightStatusValue; reason: string; kubernetesResourceUri?: string; arn?: string }>;
  deprecationDetails?: Array<{ usage: string; replacedWith: string; stopServingVersion: string; startServingReplacementVersion: string }>;
}
