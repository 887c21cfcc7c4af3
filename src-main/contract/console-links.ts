/**
 * The AWS console page of every resource Wharf shows, as one pure function (renderer and core
 * share it). Every URL is https on a console host of the region's partition, so it passes
 * core's allow-list (core/app/external-url.ts; a unit test checks each kind against it).
 */
export type ConsoleResource =
  | { kind: 'cluster'; region: string; cluster: string }
  | { kind: 'service'; region: string; cluster: string; service: string }
  | { kind: 'task'; region: string; cluster: string; taskId: string }
  | { kind: 'task-definition'; region: string; family: string; revision: number }
  | { kind: 'container-instance'; region: string; cluster: string; containerInstanceId: string }
  | { kind: 'ecr-repository'; region: string; accountId: string; repository: string }
  | { kind: 'ecr-image'; region: string; accountId: string; repository: string; digest: string }
  | { kind: 'log-stream'; region: string; group: string; stream: string };

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The console host of the region's partition (China and GovCloud have their own). */
export function consoleHost(region: string): string | null {
  if (!REGION.test(region)) return null;
  if (region.startsWith('cn-')) return `${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `${region}.console.amazonaws-us-gov.com`;
  return `${region}.console.aws.amazon.com`;
}

/** The console URL, or null when the region is not one (a console link is never guessed). */
export function consoleUrl(resource: ConsoleResource): string | null {
  const host = consoleHost(resource.region);
  if (!host) return null;
  const q = `?region=${resource.region}`;
  const seg = encodeURIComponent;
  const ecs = `https://${host}/ecs/v2`;
  switch (resource.kind) {
    case 'cluster':
      return `${ecs}/clusters/${seg(resource.cluster)}/services${q}`;
    case 'service':
      return `${ecs}/clusters/${seg(resource.cluster)}/services/${seg(resource.service)}/health${q}`;
    case 'task':
      return `${ecs}/clusters/${seg(resource.cluster)}/tasks/${seg(resource.taskId)}/configuration${q}`;
    case 'task-definition':
      return `${ecs}/task-definitions/${seg(resource.family)}/${resource.revision}/containers${q}`;
    case 'container-instance':
      return `${ecs}/clusters/${seg(resource.cluster)}/infrastructure/container-instances/${seg(resource.containerInstanceId)}${q}`;
    case 'ecr-repository':
      return `https://${host}/ecr/repositories/private/${seg(resource.accountId)}/${resource.repository.split('/').map(seg).join('/')}${q}`;
    case 'ecr-image':
      // The console writes the digest as ECR does (`sha256:…`), colon unescaped.
      return `https://${host}/ecr/repositories/private/${seg(resource.accountId)}/${resource.repository.split('/').map(seg).join('/')}/_/image/${seg(resource.digest).replaceAll('%3A', ':')}/details${q}`;
    case 'log-stream':
      return `https://${host}/cloudwatch/home${q}#logsV2:log-groups/log-group/${consoleFragment(resource.group)}/log-events/${consoleFragment(resource.stream)}`;
  }
}

/** CloudWatch's console fragment encoding: URI-encoded twice, with `$` in place of `%`. */
export function consoleFragment(text: string): string {
  return encodeURIComponent(encodeURIComponent(text)).replaceAll('%', '$');
}

/**
 * The console resource an ARN names: ECS clusters, services, tasks, task definitions and
 * container instances, and ECR repositories. The region is the ARN's own, so a link always
 * opens where the resource lives. Null for old-format (cluster-less) ARNs and other services.
 */
export function consoleResourceOfArn(arn: string): ConsoleResource | null {
  const m = /^arn:[^:]+:(ecs|ecr):([^:]+):([^:]*):([a-z-]+)\/(.+)$/.exec(arn);
  if (!m) return null;
  const [, service, region, accountId, type, rest] = m;
  if (service === 'ecr') return type === 'repository' ? { kind: 'ecr-repository', region, accountId, repository: rest } : null;
  const parts = rest.split('/');
  switch (type) {
    case 'cluster':
      return { kind: 'cluster', region, cluster: rest };
    case 'service':
      return parts.length === 2 ? { kind: 'service', region, cluster: parts[0], service: parts[1] } : null;
    case 'task':
      return parts.length === 2 ? { kind: 'task', region, cluster: parts[0], taskId: parts[1] } : null;
    case 'container-instance':
      return parts.length === 2 ? { kind: 'container-instance', region, cluster: parts[0], containerInstanceId: parts[1] } : null;
    case 'task-definition': {
      const td = /^(.+):(\d+)$/.exec(rest);
      return td ? { kind: 'task-definition', region, family: td[1], revision: Number(td[2]) } : null;
    }
    default:
      return null;
  }
}

/** An image of an ECR repository, by the repository's ARN and the image's digest. */
export function ecrImageResource(repositoryArn: string, digest: string): ConsoleResource | null {
  const repo = consoleResourceOfArn(repositoryArn);
  return repo?.kind === 'ecr-repository' ? { ...repo, kind: 'ecr-image', digest } : null;
}

/** The console page of an ECS or ECR ARN (see consoleResourceOfArn). */
export function consoleUrlOfArn(arn: string): string | null {
  const resource = consoleResourceOfArn(arn);
  return resource ? consoleUrl(resource) : null;
}
