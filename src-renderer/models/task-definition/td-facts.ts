import type { TaskDefinitionDoc } from '@contract/domains/inventory';

/**
 * What the ECS seeds teach operators to check on a task definition, pulled out as facts:
 * roles, volumes (EFS), secrets (names and where they come from, never values), private
 * registry credentials (the secret's name), network mode and compatibilities.
 */
export interface TdFacts {
  taskRoleArn: string | null;
  executionRoleArn: string | null;
  networkMode: string | null;
  compatibilities: string[];
  containers: Array<{ name: string; image: string; essential: boolean }>;
  volumes: Array<{ name: string; kind: string; fileSystemId: string | null; rootDirectory: string | null; transitEncryption: string | null; accessPointId: string | null }>;
  secrets: Array<{ container: string; name: string; valueFrom: string }>;
  registryCredentials: Array<{ container: string; secret: string }>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const s = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

export function taskDefinitionFacts(td: TaskDefinitionDoc): TdFacts {
  const doc = td as unknown as Obj;
  const containers = arr(doc.containerDefinitions);
  return {
    taskRoleArn: s(doc.taskRoleArn),
    executionRoleArn: s(doc.executionRoleArn),
    networkMode: s(doc.networkMode),
    compatibilities: Array.isArray(doc.requiresCompatibilities) ? doc.requiresCompatibilities.map(String) : [],
    containers: containers.map((c) => ({ name: s(c.name) ?? '?', image: s(c.image) ?? '?', essential: c.essential !== false })),
    volumes: arr(doc.volumes).map((v) => {
      const efs = isObj(v.efsVolumeConfiguration) ? v.efsVolumeConfiguration : null;
      const auth = efs && isObj(efs.authorizationConfig) ? efs.authorizationConfig : null;
      return {
        name: s(v.name) ?? '?',
        kind: efs ? 'EFS' : isObj(v.dockerVolumeConfiguration) ? 'Docker volume' : isObj(v.host) && s(v.host.sourcePath) ? 'host path' : 'task storage',
        fileSystemId: efs ? s(efs.fileSystemId) : null,
        rootDirectory: efs ? (s(efs.rootDirectory) ?? '/') : null,
        transitEncryption: efs ? (s(efs.transitEncryption) ?? 'DISABLED') : null,
        accessPointId: auth ? s(auth.accessPointId) : null,
      };
    }),
    secrets: containers.flatMap((c) => arr(c.secrets).map((x) => ({ container: s(c.name) ?? '?', name: s(x.name) ?? '?', valueFrom: s(x.valueFrom) ?? '?' }))),
    registryCredentials: containers.flatMap((c) =>
      isObj(c.repositoryCredentials) && s(c.repositoryCredentials.credentialsParameter) ? [{ container: s(c.name) ?? '?', secret: s(c.repositoryCredentials.credentialsParameter)! }] : [],
    ),
  };
}

/** The short name of a role, secret or parameter ARN: the part a person recognises. */
export function arnTail(arn: string): string {
  const afterColon = arn.split(':').slice(5).join(':');
  return afterColon.replace(/^(role|secret:|parameter)\/?/, '') || arn;
}
