/** Pure helpers for ECS ARNs, shared by main and renderer. */
export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** e.g. `service`, `task`, `cluster`, `container-instance`, `task-definition` */
  resourceType: string;
  /** Everything after the resource type, e.g. `my-cluster/my-service`. */
  resource: string;
}

const ARN_RE = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/;

export function parseArn(arn: string): ParsedArn | null {
  const m = ARN_RE.exec(arn);
  if (!m) return null;
  const rest = m[5];
  const cut = rest.search(/[/:]/);
  return {
    partition: m[1],
    service: m[2],
    region: m[3],
    accountId: m[4],
    resourceType: cut < 0 ? rest : rest.slice(0, cut),
    resource: cut < 0 ? '' : rest.slice(cut + 1),
  };
}

/** The short name a person reads: the last path segment (`checkout`, a task id, `web:42`). */
export function shortName(arnOrName: string): string {
  const parsed = parseArn(arnOrName);
  if (!parsed) return arnOrName;
  const parts = parsed.resource.split('/');
  return parts[parts.length - 1] || parsed.resource;
}

/** `family:revision` of a task definition ARN or name. */
export function taskDefinitionLabel(arnOrName: string): string {
  return shortName(arnOrName);
}

/** `family` and `revision` of `arn:...:task-definition/family:12` (or `family:12`); null without a revision. */
export function familyRevisionOf(arnOrName: string): { family: string; revision: number } | null {
  const m = /^(.+):(\d+)$/.exec(shortName(arnOrName));
  return m ? { family: m[1], revision: Number(m[2]) } : null;
}

/** The family of a task definition ARN or name, with or without a revision. */
export function familyOf(arnOrName: string): string {
  return familyRevisionOf(arnOrName)?.family ?? shortName(arnOrName);
}

/** The cluster name of a service, task or container instance ARN in the new (long) format. */
export function clusterNameOf(arn: string): string | null {
  const parsed = parseArn(arn);
  if (!parsed) return null;
  if (parsed.resourceType === 'cluster') return parsed.resource;
  const parts = parsed.resource.split('/');
  return parts.length >= 2 ? parts[0] : null;
}

/** The cluster ARN of a service, task or container instance ARN in the long format. */
export function clusterArnOf(arn: string): string | null {
  const parsed = parseArn(arn);
  const cluster = clusterNameOf(arn);
  return parsed && cluster ? `arn:${parsed.partition}:${parsed.service}:${parsed.region}:${parsed.accountId}:cluster/${cluster}` : null;
}
