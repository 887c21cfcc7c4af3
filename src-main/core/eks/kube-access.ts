/**
 * Why Wharf cannot read a cluster's Kubernetes API, in words, with what to fix: a 401 means
 * the principal Wharf signs as has no access entry (or aws-auth mapping), a 403 that its access
 * policies do not cover what Wharf reads, no answer that the endpoint is out of reach.
 */
import type { KubeAccess } from '../../contract/domains/eks';
import { KubeRequestError } from './kube-client';

const VIEW_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy';

/** `arn:aws:sts::123:assumed-role/Role/session` -> `arn:aws:iam::123:role/Role`: what an access entry names. */
export function principalOf(callerArn: string): string {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : callerArn;
}

export interface AccessContext {
  clusterName: string;
  region: string;
  endpoint: string | null;
  endpointPublicAccess: boolean;
  authenticationMode: string | null;
  callerArn: string;
  now: number;
}

export function accessOk(ctx: AccessContext): KubeAccess {
  return { state: 'ok', message: null, fix: null, commands: [], principalArn: principalOf(ctx.callerArn), checkedAt: ctx.now };
}

export function explainKubeFailure(err: unknown, ctx: AccessContext): KubeAccess {
  const principal = principalOf(ctx.callerArn);
  const base = { principalArn: principal, checkedAt: ctx.now, commands: [] as string[] };
  const where = `--cluster-name ${ctx.clusterName} --principal-arn ${principal} --region ${ctx.region}`;
  const createEntry = `aws eks create-access-entry ${where}`;
  const associate = `aws eks associate-access-policy ${where} --policy-arn ${VIEW_POLICY} --access-scope type=cluster`;
  if (err instanceof KubeRequestError && err.status === 401) {
    const viaConfigMap = ctx.authenticationMode === 'CONFIG_MAP';
    return {
      ...base,
      state: 'unauthorized',
      message: `${ctx.clusterName} refused Wharf's token for ${principal} (401 Unauthorized): that principal has no ${viaConfigMap ? 'mapping in the aws-auth ConfigMap' : 'access entry on the cluster'}. The cluster's node groups, add-ons and insights still show; its nodes and pods cannot.`,
      fix: viaConfigMap
        ? `Map ${principal} in the kube-system/aws-auth ConfigMap (mapRoles or mapUsers) to a group with read access, or switch the cluster's authentication mode to API_AND_CONFIG_MAP and give it an access entry with read access (AmazonEKSAdminViewPolicy).`
        : `Ask a cluster admin to create an access entry for ${principal} and associate AmazonEKSAdminViewPolicy with it at cluster scope.`,
      commands: [createEntry, associate],
    };
  }
  if (err instanceof KubeRequestError && err.status === 403) {
    return {
      ...base,
      state: 'forbidden',
      message: `${ctx.clusterName} knows ${principal} but does not let it read what Wharf needs (403 Forbidden): ${err.message}`,
      fix: `Associate AmazonEKSAdminViewPolicy with ${principal}'s access entry at cluster scope (the view policy does not cover nodes).`,
      commands: [associate],
    };
  }
  if (err instanceof KubeRequestError && err.status === 0) {
    const tls = /certificate|self[- ]signed|CERT_|UNABLE_TO_VERIFY/i.test(`${err.reason ?? ''} ${err.message}`);
    if (tls) {
      return {
        ...base,
        state: 'error',
        message: `The API server of ${ctx.clusterName} at ${ctx.endpoint ?? '(no endpoint)'} presented a certificate not signed by the cluster's CA (${err.message}). Wharf trusts only the CA that DescribeCluster reports.`,
        fix: 'Check that nothing between you and the cluster intercepts TLS (a proxy re-signing certificates).',
      };
    }
    return {
      ...base,
      state: 'unreachable',
      message: `Wharf cannot reach the API server of ${ctx.clusterName} at ${ctx.endpoint ?? '(no endpoint)'}: ${err.message}.`,
      fix: ctx.endpointPublicAccess
        ? 'Check your network, a proxy, and that the cluster\'s public access CIDRs include your address.'
        : 'The cluster\'s endpoint is private: connect from inside its VPC (VPN, bastion, Direct Connect), or enable public access for your address.',
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { ...base, state: 'error', message: `Reading the Kubernetes API of ${ctx.clusterName} failed: ${message}`, fix: null };
}
