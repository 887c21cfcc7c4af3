import type { RegisterTaskDefinitionRequest, Tag, TaskDefinition } from '@aws-sdk/client-ecs';

/**
 * Copying a task definition into a new revision. Every member of the RegisterTaskDefinition
 * input is copied; the compile-time check below fails when the SDK grows a member this list
 * does not name, so a new AWS field can never be dropped silently from a rollback.
 */
export const REGISTER_FIELDS = [
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'tags',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
] as const satisfies ReadonlyArray<keyof RegisterTaskDefinitionRequest>;

type Missing = Exclude<keyof RegisterTaskDefinitionRequest, (typeof REGISTER_FIELDS)[number]>;
// If this line fails to compile, add the named member to REGISTER_FIELDS (and to the diff).
const everyRegisterFieldIsCopied: [Missing] extends [never] ? true : Missing = true;
void everyRegisterFieldIsCopied;

/** What DescribeTaskDefinition returns that ECS sets itself and Register does not accept. */
export const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
] as const;

/** Marks the revisions Wharf registers, so a retry after an unknown outcome can find its own. */
export const OPERATION_TAG = 'wharf:operation';

export interface RegistrationCopy {
  input: RegisterTaskDefinitionRequest;
  /** Members the described task definition had that are neither copied nor known read-only. */
  notCopied: string[];
}

/**
 * The registration input that recreates `td` exactly: every Register member present, tags as
 * given minus AWS-reserved `aws:` tags (Register refuses them) and an older operation tag.
 */
export function registrationOf(td: TaskDefinition, tags: readonly Tag[]): RegistrationCopy {
  const input: Record<string, unknown> = {};
  const source = td as Record<string, unknown>;
  for (const field of REGISTER_FIELDS) {
    if (field === 'tags') continue;
    if (source[field] !== undefined) input[field] = structuredClone(source[field]);
  }
  const keptTags = tags.filter((t) => t.key && !t.key.startsWith('aws:') && t.key !== OPERATION_TAG).map((t) => ({ key: t.key, value: t.value ?? '' }));
  if (keptTags.length > 0) input.tags = keptTags;
  const known = new Set<string>([...REGISTER_FIELDS, ...READ_ONLY_FIELDS]);
  const notCopied = Object.keys(source).filter((k) => !known.has(k) && source[k] !== undefined);
  return { input: input as unknown as RegisterTaskDefinitionRequest, notCopied };
}

/** The same registration with one container's image replaced; everything else untouched. */
export function withImage(input: RegisterTaskDefinitionRequest, containerName: string, image: string): RegisterTaskDefinitionRequest {
  const copy = structuredClone(input);
  const container = copy.containerDefinitions?.find((c) => c.name === containerName);
  if (!container) throw new Error(`The task definition has no container named ${containerName}.`);
  container.image = image;
  return copy;
}

/** The registration plus this operation's tag (kept out of the preview's diff: it is bookkeeping). */
export function withOperationTag(input: RegisterTaskDefinitionRequest, operationId: string): RegisterTaskDefinitionRequest {
  const copy = structuredClone(input);
  copy.tags = [...(copy.tags ?? []).filter((t) => t.key !== OPERATION_TAG), { key: OPERATION_TAG, value: operationId }];
  return copy;
}
