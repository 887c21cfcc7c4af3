/**
 * The seam between the sim's HTTP front door and its services. Each AWS service the sim
 * speaks (ECS, ECR, CloudWatch, CloudWatch Logs, STS, KMS) is a ServiceDefinition: a wire
 * protocol plus a table of operations. Operations take the decoded input and return the
 * output object, or throw a SimError that the front door encodes as AWS does.
 */
import type { RestRoute } from './rest-json';

/** An AWS error: `code` is the `__type` / `<Code>` AWS sends, e.g. `ClusterNotFoundException`. */
export class SimError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    /** Query protocol only: Sender (client fault) or Receiver (server fault). */
    readonly faultType: 'Sender' | 'Receiver' = httpStatus >= 500 ? 'Receiver' : 'Sender',
    /**
     * restJson1 only: the error shape's members besides the message, sent in the body (EKS names
     * the cluster, node group, Fargate profile or add-on an error is about).
     */
    readonly members?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * An answer that is not AWS's protocol at all (an HTML error page from an emulator or a
 * proxy): the front door sends it as it is. Faults use it to stand in for an endpoint that
 * lacks an operation.
 */
export class SimRawAnswer extends Error {
  constructor(
    readonly httpStatus: number,
    readonly contentType: string,
    readonly body: string,
  ) {
    super(`raw ${httpStatus} answer`);
    this.name = 'SimRawAnswer';
  }
}

const WIRE_MAP = Symbol('wireMap');

/**
 * Marks an output member as a map (a `map` shape of the service model). JSON protocols write
 * it as the object it is; the query protocol has to know, because AWS's query XML writes a map
 * as `<entry><key>k</key><value>v</value></entry>` elements, not as `<k>v</k>`. The mark is a
 * non-enumerable symbol, so nothing else (JSON, validators, copies by spread) sees it.
 */
export function wireMap<V>(entries: Record<string, V>): Record<string, V> {
  Object.defineProperty(entries, WIRE_MAP, { value: true, enumerable: false });
  return entries;
}

export function isWireMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[WIRE_MAP] === true;
}

export interface RequestContext {
  /** From the SigV4 Authorization header's Credential scope. */
  accessKeyId: string;
  region: string;
  /** The sim clock's current time, epoch ms. */
  now: number;
  requestId: string;
  /** The request's Host header (SQS builds queue URLs on it). */
  host?: string;
  /** Aborted when the client goes away before the answer (a long poll stops waiting). */
  signal?: AbortSignal;
  /** The sim clock, read again after a wait (ctx.now is the time the request arrived). */
  clock?: () => number;
}

// Inputs are whatever the wire decoded; each operation validates what it reads.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationInput = Record<string, any>;
export type OperationHandler = (input: OperationInput, ctx: RequestContext) => unknown | Promise<unknown>;

export interface ServiceDefinition {
  /** The SigV4 signing name, e.g. `ecs`, `ecr`, `monitoring`, `logs`, `sts`, `kms`. */
  signingName: string;
  /** JSON protocols: the X-Amz-Target prefix, e.g. `AmazonEC2ContainerServiceV20141113`. */
  targetPrefix?: string;
  /** Protocols this service answers: the SDK and the AWS CLI may use different ones. */
  protocols: Array<'json1.0' | 'json1.1' | 'query' | 'rest-json'>;
  /** restJson1 (EKS): each operation's method and path, from the model's `http` traits. */
  restRoutes?: RestRoute[];
  /** Query protocol: the XML namespace of responses. */
  xmlNamespace?: string;
  /**
   * Errors' query-protocol codes where they differ from the JSON names handlers throw, from the
   * model's `error.code` (CloudWatch: InvalidParameterValueException -> InvalidParameterValue).
   * The query protocol answers with these codes.
   */
  queryErrorCodes?: Record<string, string>;
  /**
   * The model's awsQueryCompatible trait: a JSON service that used to speak query. Its JSON
   * errors carry `x-amzn-query-error: <query code>;<Sender|Receiver>`, which the SDKs read.
   */
  awsQueryCompatible?: boolean;
  operations: Record<string, OperationHandler>;
}
