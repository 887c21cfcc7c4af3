/**
 * Checks the sim's answers against botocore's service models: the models AWS publishes for its
 * own SDKs, written by nobody here. Two sets of them:
 * - Debian's python3-botocore 1.29 (January 2023), the models Debian's AWS CLI parses with;
 * - botocore 1.43.67 (tests/contract/aws-models, copied unchanged with its licence), which holds
 *   the operations, members and enum values AWS added since (ServiceDeployments, revisions,
 *   deployment strategies, EKS, EventBridge, SQS, ELBv2...).
 * An output must use only the model's member names, with the model's types, required members
 * present and enum values allowed; an error code must be one the operation declares, or one of
 * AWS's common errors. Every model that knows the operation judges it: an operation unknown to
 * Debian's is judged by the newer one alone; one both know is judged by both, and what Debian's
 * older model misses only because AWS added it later (a member, an enum value, a requirement
 * dropped, which the newer model accepts at the same place) is not held against the sim.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BOTOCORE_DATA = '/usr/lib/python3/dist-packages/botocore/data';
export const NEWER_MODELS = join(__dirname, 'aws-models');

export type ModelSource = 'debian' | 'newer';
export const MODEL_SOURCES: Record<ModelSource, { dir: string; label: string }> = {
  debian: { dir: BOTOCORE_DATA, label: "Debian's botocore 1.29" },
  newer: { dir: NEWER_MODELS, label: 'botocore 1.43.67' },
};

/** A botocore data folder name: ecs, ecr, logs, cloudwatch, sts, elbv2, events, sqs, eks... */
export type ModelService = string;

interface Shape {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  enum?: string[];
  error?: { code?: string };
  document?: boolean;
  union?: boolean;
}

interface Model {
  operations: Record<string, { output?: { shape: string }; errors?: Array<{ shape: string }> }>;
  shapes: Record<string, Shape>;
}

/** One problem: where, what kind (those an older model may report wrongly have their own), and the text. */
interface Problem {
  path: string;
  kind: 'member' | 'enum' | 'required' | 'other';
  text: string;
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

/** Said of an operation that neither model knows (the SDK's own schemas may judge it: sdk-schema.ts). */
export const NOT_IN_MODELS = "in neither Debian's botocore 1.29 nor botocore 1.43.67";

const models = new Map<string, Model | null>();

/** Debian's models are there (the newer ones are part of the repository). */
export function modelAvailable(): boolean {
  return existsSync(join(BOTOCORE_DATA, 'ecs'));
}

/** The model of `service` from `source`, or null when that source has no such service. */
export function loadModel(service: ModelService, source: ModelSource = 'debian'): Model | null {
  const key = `${source}:${service}`;
  if (!models.has(key)) {
    const dir = join(MODEL_SOURCES[source].dir, service);
    const version = existsSync(dir) ? readdirSync(dir).filter((v) => existsSync(join(dir, v, 'service-2.json'))).sort().pop() : undefined;
    if (source === 'debian' && !modelAvailable()) throw new Error(`No models under ${BOTOCORE_DATA}: apt-get install python3-botocore`);
    models.set(key, version ? (JSON.parse(readFileSync(join(dir, version, 'service-2.json'), 'utf8')) as Model) : null);
  }
  return models.get(key)!;
}

/** The model sources that know `service.operation`: [] when neither does. */
export function sourcesOf(service: ModelService, operation: string): ModelSource[] {
  return (['debian', 'newer'] as const).filter((source) => operation in (loadModel(service, source)?.operations ?? {}));
}

/** Problems with an operation's output, each a path and what is wrong; [] when it conforms to every model that knows it. */
export function validateOutput(service: ModelService, operation: string, output: unknown): string[] {
  const sources = sourcesOf(service, operation);
  if (sources.length === 0) return [`${service}.${operation}: ${NOT_IN_MODELS}`];
  const found = new Map<ModelSource, Problem[]>(sources.map((source) => [source, checkOutput(loadModel(service, source)!, operation, output)]));
  const newer = found.get('newer');
  // Members, enum values and requirements change as AWS adds to an API: where the newer model
  // judges too, it alone decides those (what only the older one objects to is a later addition).
  const debian = (found.get('debian') ?? []).filter((p) => !newer || p.kind === 'other');
  const texts = new Map<string, { kind: Problem['kind']; by: ModelSource[] }>();
  for (const [source, problems] of [['newer', newer ?? []], ['debian', debian]] as const) {
    for (const p of problems) texts.set(p.text, { kind: p.kind, by: [...(texts.get(p.text)?.by ?? []), source] });
  }
  // A type problem only one of two judging models sees names that model.
  return [...texts].map(([text, { kind, by }]) => (kind === 'other' && by.length < sources.length ? `${text} (${MODEL_SOURCES[by[0]].label})` : text));
}

/** Problems with an error code: [] when a model that knows the operation declares it, or it is a common error. */
export function validateError(service: ModelService, operation: string, code: string): string[] {
  if (COMMON_ERRORS.has(code)) return [];
  const sources = sourcesOf(service, operation);
  if (sources.length === 0) return [];
  const declared = new Set<string>();
  for (const source of sources) {
    const model = loadModel(service, source)!;
    for (const e of model.operations[operation].errors ?? []) {
      declared.add(e.shape);
      const wire = model.shapes[e.shape]?.error?.code;
      if (wire) declared.add(wire);
    }
  }
  return declared.has(code) ? [] : [`${service}.${operation}: error ${code} is not among its declared errors (${[...declared].join(', ') || 'none'})`];
}

/**
 * Problems with an error's body (restJson1 sends the error shape's members as JSON): [] when the
 * shape the code names, in a model that knows the operation, holds every member sent, with its
 * type. A common error the models leave out is judged by its message alone.
 */
export function validateErrorBody(service: ModelService, operation: string, code: string, body: Record<string, unknown>): string[] {
  const where = `${service}.${operation} error ${code}`;
  const sources = sourcesOf(service, operation);
  const model = sources.length ? loadModel(service, sources.includes('newer') ? 'newer' : sources[0])! : undefined;
  const shapeName = model && Object.keys(model.shapes).find((name) => name === code || model.shapes[name].error?.code === code);
  if (!model || !shapeName) {
    return typeof body.message === 'string' && Object.keys(body).every((k) => k === 'message') ? [] : [`${where}: a body of ${describe(body)} (a common error carries only its message)`];
  }
  const problems: Problem[] = [];
  checkStructure(model, model.shapes[shapeName], body, where, problems);
  return problems.map((p) => p.text);
}

function checkOutput(model: Model, operation: string, output: unknown): Problem[] {
  const op = model.operations[operation];
  if (!op.output) {
    return output === undefined || isEmptyObject(output) ? [] : [{ path: operation, kind: 'other', text: `${operation}: the model has no output, got ${describe(output)}` }];
  }
  const problems: Problem[] = [];
  checkShape(model, op.output.shape, output, operation, problems);
  return problems;
}

function problem(problems: Problem[], path: string, kind: Problem['kind'], what: string): void {
  problems.push({ path, kind, text: `${path}: ${what}` });
}

function checkShape(model: Model, shapeName: string, value: unknown, path: string, problems: Problem[]): void {
  const shape = model.shapes[shapeName];
  if (value === null) return problem(problems, path, 'other', 'null (AWS omits a member rather than sending null)');
  switch (shape.type) {
    case 'structure':
      if (shape.document) return; // a document holds any JSON value
      return checkStructure(model, shape, value, path, problems);
    case 'list':
      if (!Array.isArray(value)) return problem(problems, path, 'other', `expected a list, got ${describe(value)}`);
      value.forEach((item, i) => checkShape(model, shape.member!.shape, item, `${path}[${i}]`, problems));
      return;
    case 'map':
      if (!isPlainObject(value)) return problem(problems, path, 'other', `expected a map, got ${describe(value)}`);
      for (const [k, v] of Object.entries(value)) {
        checkShape(model, shape.key!.shape, k, `${path}{key ${k}}`, problems);
        checkShape(model, shape.value!.shape, v, `${path}.${k}`, problems);
      }
      return;
    default:
      return checkScalar(shape, value, path, problems);
  }
}

function checkStructure(model: Model, shape: Shape, value: unknown, path: string, problems: Problem[]): void {
  if (!isPlainObject(value)) return problem(problems, path, 'other', `expected a structure, got ${describe(value)}`);
  const members = shape.members ?? {};
  for (const [name, member] of Object.entries(value)) {
    if (member === undefined) continue; // not encoded on the wire
    if (!(name in members)) problem(problems, `${path}.${name}`, 'member', "not a member of the model's shape");
    else checkShape(model, members[name].shape, member, `${path}.${name}`, problems);
  }
  for (const name of shape.required ?? []) {
    if ((value as Record<string, unknown>)[name] === undefined) problem(problems, `${path}.${name}`, 'required', 'required by the model, missing');
  }
  if (shape.union) {
    const set = Object.keys(members).filter((name) => (value as Record<string, unknown>)[name] !== undefined);
    if (set.length > 1) problem(problems, path, 'other', `a union with more than one member set (${set.join(', ')})`);
  }
}

function checkScalar(shape: Shape, value: unknown, path: string, problems: Problem[]): void {
  const fail = (expected: string) => problem(problems, path, 'other', `expected ${expected}, got ${describe(value)}`);
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') return void fail('a string');
      if (shape.enum && !shape.enum.includes(value)) problem(problems, path, 'enum', `'${value}' is not one of ${shape.enum.join(', ')}`);
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
      problem(problems, path, 'other', `unknown model type ${shape.type}`);
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
