/**
 * Checks the sim's answers against the service models in Debian's python3-botocore: the
 * models AWS publishes for its own SDKs, written by nobody here. An output must use only the
 * model's member names, with the model's types, required members present and enum values
 * allowed; an error code must be one the operation declares, or one of AWS's common errors.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BOTOCORE_DATA = '/usr/lib/python3/dist-packages/botocore/data';
/**
 * Newer models (botocore 1.43.67, copied unchanged with their license into the repo): they
 * know the 2025–2026 ECS operations and shapes and ELBv2. A service found here is judged by
 * this model; the others by Debian's.
 */
export const REPO_MODELS = join(dirname(fileURLToPath(import.meta.url)), 'aws-models');

export type ModelService = 'ecs' | 'ecr' | 'logs' | 'cloudwatch' | 'sts' | 'elbv2';

interface Shape {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  enum?: string[];
  error?: { code?: string };
}

interface Model {
  operations: Record<string, { output?: { shape: string }; errors?: Array<{ shape: string }> }>;
  shapes: Record<string, Shape>;
}

/**
 * Errors any AWS operation may answer though the models leave them out: AWS's "common errors"
 * (https://docs.aws.amazon.com/ecs/latest/APIReference/CommonErrors.html and the same page in
 * every service's reference), in their JSON (`…Exception`) and query (`Throttling`) spellings.
 */
export const COMMON_ERRORS = new Set([
  'AccessDeniedException', // no permission for the action
  'IncompleteSignature', // the SigV4 signature is malformed
  'InternalFailure', // 500: unknown server fault (the sim's 5xx fault injection)
  'InternalServerError',
  'InvalidAction', // unknown Action (query protocol)
  'UnknownOperationException', // unknown X-Amz-Target (JSON protocols)
  'InvalidClientTokenId', // unknown access key
  'UnrecognizedClientException',
  'MissingAuthenticationToken', // no Authorization header
  'MissingAuthenticationTokenException',
  'ExpiredTokenException', // temporary credentials expired (the sim's expiry fault)
  'ExpiredToken',
  'RequestExpired',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ServiceUnavailable', // 503
  'ServiceUnavailableException',
  'ThrottlingException', // a token bucket ran dry: "Rate exceeded"
  'Throttling',
  'ValidationError', // input fails the model's constraints
  'ValidationException',
]);

/**
 * Operations newer than the model the validator reads: the sim implements them but the model
 * cannot judge them. Checked against the SDK's own schemas instead (sdk-schema.ts).
 */
export const NEWER_THAN_MODEL = 'not in the botocore model the validator reads (tests/contract/aws-models, else Debian python3-botocore 1.29)';

const models = new Map<ModelService, Model>();

export function modelAvailable(): boolean {
  return existsSync(join(BOTOCORE_DATA, 'ecs'));
}

export function loadModel(service: ModelService): Model {
  let model = models.get(service);
  if (!model) {
    const dir = existsSync(join(REPO_MODELS, service)) ? join(REPO_MODELS, service) : join(BOTOCORE_DATA, service);
    const version = readdirSync(dir).sort().pop();
    if (!version) throw new Error(`No model under ${dir}: apt-get install python3-botocore`);
    model = JSON.parse(readFileSync(join(dir, version, 'service-2.json'), 'utf8')) as Model;
    models.set(service, model);
  }
  return model;
}

export function hasOperation(service: ModelService, operation: string): boolean {
  return operation in loadModel(service).operations;
}

/** Problems with an operation's output, each a path and what is wrong; [] when it conforms. */
export function validateOutput(service: ModelService, operation: string, output: unknown): string[] {
  const model = loadModel(service);
  const op = model.operations[operation];
  if (!op) return [`${service}.${operation}: ${NEWER_THAN_MODEL}`];
  if (!op.output) return output === undefined || isEmptyObject(output) ? [] : [`${operation}: the model has no output, got ${describe(output)}`];
  const problems: string[] = [];
  checkShape(model, op.output.shape, output, operation, problems);
  return problems;
}

/** Problems with an error code: [] when the operation declares it or it is a common error. */
export function validateError(service: ModelService, operation: string, code: string): string[] {
  if (COMMON_ERRORS.has(code)) return [];
  const model = loadModel(service);
  const op = model.operations[operation];
  if (!op) return [];
  const declared = (op.errors ?? []).flatMap((e) => [e.shape, model.shapes[e.shape]?.error?.code].filter(Boolean) as string[]);
  return declared.includes(code) ? [] : [`${service}.${operation}: error ${code} is not among its declared errors (${declared.join(', ') || 'none'})`];
}

function checkShape(model: Model, shapeName: string, value: unknown, path: string, problems: string[]): void {
  const shape = model.shapes[shapeName];
  if (value === null) return void problems.push(`${path}: null (AWS omits a member rather than sending null)`);
  switch (shape.type) {
    case 'structure':
      return checkStructure(model, shape, value, path, problems);
    case 'list':
      if (!Array.isArray(value)) return void problems.push(`${path}: expected a list, got ${describe(value)}`);
      value.forEach((item, i) => checkShape(model, shape.member!.shape, item, `${path}[${i}]`, problems));
      return;
    case 'map':
      if (!isPlainObject(value)) return void problems.push(`${path}: expected a map, got ${describe(value)}`);
      for (const [k, v] of Object.entries(value)) {
        checkShape(model, shape.key!.shape, k, `${path}{key ${k}}`, problems);
        checkShape(model, shape.value!.shape, v, `${path}.${k}`, problems);
      }
      return;
    default:
      return checkScalar(shape, value, path, problems);
  }
}

function checkStructure(model: Model, shape: Shape, value: unknown, path: string, problems: string[]): void {
  if (!isPlainObject(value)) return void problems.push(`${path}: expected a structure, got ${describe(value)}`);
  const members = shape.members ?? {};
  for (const [name, member] of Object.entries(value)) {
    if (member === undefined) continue; // not encoded on the wire
    if (!(name in members)) problems.push(`${path}.${name}: not a member of the model's shape`);
    else checkShape(model, members[name].shape, member, `${path}.${name}`, problems);
  }
  for (const name of shape.required ?? []) {
    if ((value as Record<string, unknown>)[name] === undefined) problems.push(`${path}.${name}: required by the model, missing`);
  }
}

function checkScalar(shape: Shape, value: unknown, path: string, problems: string[]): void {
  const fail = (expected: string) => problems.push(`${path}: expected ${expected}, got ${describe(value)}`);
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') return void fail('a string');
      if (shape.enum && !shape.enum.includes(value)) problems.push(`${path}: '${value}' is not one of ${shape.enum.join(', ')}`);
      return;
    case 'integer':
    case 'long':
      if (!Number.isInteger(value)) fail(`an ${shape.type}`);
      return;
    case 'double':
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`a finite ${shape.type}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('a boolean');
      return;
    case 'timestamp':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail('a Date (the front door encodes it)');
      return;
    case 'blob':
      if (typeof value !== 'string' && !(value instanceof Uint8Array)) fail('a blob');
      return;
    default:
      problems.push(`${path}: unknown model type ${shape.type}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isEmptyObject(value: unknown): boolean {
  return isPlainObject(value) && Object.values(value).every((v) => v === undefined);
}

function describe(value: unknown): string {
  if (value instanceof Date) return 'a Date';
  if (Array.isArray(value)) return 'a list';
  const text = JSON.stringify(value);
  return `${typeof value} ${text && text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
}
