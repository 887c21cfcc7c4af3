/**
 * The sim's front door: one loopback `node:http` server that speaks AWS's JSON protocols
 * (dispatch on `X-Amz-Target`) and the query protocol (dispatch on the form's `Action`,
 * service chosen by the SigV4 signing name), and encodes outputs and errors as AWS does.
 * Everything about *what* an operation does lives in the ServiceDefinitions; cross-cutting
 * policy (throttling, faults) is the `beforeOperation` hook's job.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseCredentialScope } from './auth';
import { decodeJsonInput, encodeJsonBody, encodeJsonError } from './json-codec';
import { withoutFragments } from './json-fragment';
import { decodeQueryInput, encodeQueryError, encodeQueryOutput } from './query-codec';
import { SimError, type OperationInput, type RequestContext, type ServiceDefinition } from './types';

export type WireProtocol = 'json1.0' | 'json1.1' | 'query';

export interface OperationCall {
  service: ServiceDefinition;
  operation: string;
  protocol: WireProtocol;
  input: OperationInput;
  ctx: RequestContext;
}

export interface Exchange {
  service: string;
  operation: string;
  protocol: string;
  status: number;
  input: unknown;
  output?: unknown;
  errorCode?: string;
}

/** A loopback-only debugging endpoint such as `POST /__sim/faults`; returns a JSON body. */
export type AdminHandler = (body: unknown) => unknown;

export interface FrontDoorOptions {
  host?: string;
  port?: number;
  services: ServiceDefinition[];
  /** The sim clock, epoch ms; handlers see it as `ctx.now`. */
  now: () => number;
  /** Runs before every operation: may wait (latency) or throw a SimError (throttling, faults). */
  beforeOperation?: (call: OperationCall) => void | Promise<void>;
  onExchange?: (exchange: Exchange) => void;
  /** Keyed by `METHOD /path`, e.g. `GET /__sim/state`. */
  admin?: Record<string, AdminHandler>;
}

export interface FrontDoor {
  endpoint: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startFrontDoor(options: FrontDoorOptions): Promise<FrontDoor> {
  const router = buildRouter(options.services);
  const server = createServer((req, res) => {
    handleRequest(req, res, options, router).catch((error: unknown) => {
      // A bug in the sim itself: answer as AWS answers an internal failure.
      if (!res.headersSent) sendJsonError(res, new SimError('InternalFailure', String(error), 500), randomUUID());
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Router {
  byTargetPrefix: Map<string, ServiceDefinition>;
  bySigningName: Map<string, ServiceDefinition>;
}

function buildRouter(services: ServiceDefinition[]): Router {
  const byTargetPrefix = new Map<string, ServiceDefinition>();
  const bySigningName = new Map<string, ServiceDefinition>();
  for (const service of services) {
    if (service.targetPrefix) byTargetPrefix.set(service.targetPrefix, service);
    if (service.protocols.includes('query')) bySigningName.set(service.signingName, service);
  }
  return { byTargetPrefix, bySigningName };
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, options: FrontDoorOptions, router: Router): Promise<void> {
  const requestId = randomUUID();
  const body = await readBody(req);
  const path = (req.url ?? '/').split('?')[0];

  const admin = options.admin?.[`${req.method} ${path}`];
  if (admin) return sendAdmin(res, admin, body, requestId);

  const target = header(req, 'x-amz-target');
  const protocol: WireProtocol = target ? (header(req, 'content-type')?.includes('1.0') ? 'json1.0' : 'json1.1') : 'query';
  const fail = (error: SimError, service?: ServiceDefinition) =>
    protocol === 'query' ? sendQueryError(res, error, service, requestId) : sendJsonError(res, error, requestId, protocol, service);

  const scope = parseCredentialScope(header(req, 'authorization'));
  if (!scope) return fail(new SimError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403));

  let service: ServiceDefinition | undefined;
  let operation: string | undefined;
  let input: OperationInput;
  try {
    if (target) {
      const dot = target.lastIndexOf('.');
      service = router.byTargetPrefix.get(target.slice(0, dot));
      operation = target.slice(dot + 1);
      input = decodeJsonInput(body);
    } else {
      service = router.bySigningName.get(scope.signingName);
      const decoded = decodeQueryInput(body);
      operation = decoded.action;
      input = decoded.input;
    }
  } catch {
    return fail(new SimError('SerializationException', 'The request body could not be parsed.'), service);
  }
  const handler = service && operation ? service.operations[operation] : undefined;
  if (!service || !operation || !handler || !Object.hasOwn(service.operations, operation)) {
    return fail(new SimError('UnknownOperationException', `The operation ${operation ?? '(none)'} is not supported by this endpoint.`), service);
  }

  // A client that hangs up (a long poll it stopped) aborts the handler's wait.
  const abort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const ctx: RequestContext = { accessKeyId: scope.accessKeyId, region: scope.region, now: options.now(), requestId, host: header(req, 'host'), signal: abort.signal, clock: options.now };
  const exchange: Exchange = { service: service.signingName, operation, protocol, status: 200, input };
  try {
    await options.beforeOperation?.({ service, operation, protocol, input, ctx });
    ctx.now = options.now();
    const output = (await handler(input, ctx)) ?? {};
    // Listeners (tests, validators) get plain values; resolving fragments costs, so only for them.
    exchange.output = options.onExchange ? withoutFragments(output) : output;
    if (protocol === 'query') send(res, 200, 'text/xml', encodeQueryOutput(operation, output, service.xmlNamespace, requestId), requestId);
    else send(res, 200, `application/x-amz-json-${protocol === 'json1.0' ? '1.0' : '1.1'}`, encodeJsonBody(output), requestId);
  } catch (thrown) {
    const error = thrown instanceof SimError ? thrown : new SimError('InternalFailure', `The sim failed: ${String(thrown)}`, 500);
    exchange.status = error.httpStatus;
    exchange.errorCode = protocol === 'query' ? queryCodeOf(error, service) : error.code;
    fail(error, service);
  }
  options.onExchange?.(exchange);
}

function sendAdmin(res: ServerResponse, handler: AdminHandler, body: string, requestId: string): void {
  try {
    const parsed: unknown = body.trim() ? JSON.parse(body) : {};
    send(res, 200, 'application/json', JSON.stringify(handler(parsed) ?? {}, null, 2), requestId);
  } catch (error) {
    send(res, 400, 'application/json', JSON.stringify({ message: String(error) }), requestId);
  }
}

function sendJsonError(res: ServerResponse, error: SimError, requestId: string, protocol: WireProtocol = 'json1.1', service?: ServiceDefinition): void {
  res.setHeader('x-amzn-ErrorType', error.code);
  if (service?.awsQueryCompatible) res.setHeader('x-amzn-query-error', `${queryCodeOf(error, service)};${error.faultType}`);
  send(res, error.httpStatus, `application/x-amz-json-${protocol === 'json1.0' ? '1.0' : '1.1'}`, encodeJsonError(error), requestId);
}

function sendQueryError(res: ServerResponse, error: SimError, service: ServiceDefinition | undefined, requestId: string): void {
  const queryError = new SimError(queryCodeOf(error, service), error.message, error.httpStatus, error.faultType);
  send(res, error.httpStatus, 'text/xml', encodeQueryError(queryError, service?.xmlNamespace, requestId), requestId);
}

/** The error's code as the query protocol spells it (the model's `error.code`). */
function queryCodeOf(error: SimError, service: ServiceDefinition | undefined): string {
  return service?.queryErrorCodes?.[error.code] ?? error.code;
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, requestId: string): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
  });
  res.end(body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('Request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
