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
import { parseCredentialScope, presignedCredentialScope } from './auth';
import { decodeJsonInput, encodeJsonBody, encodeJsonError } from './json-codec';
import { withoutFragments } from './json-fragment';
import { decodeQueryInput, encodeQueryError, encodeQueryOutput } from './query-codec';
import { decodeRestInput, RestRouter } from './rest-json';
import { SimError, type OperationInput, type RequestContext, type ServiceDefinition } from './types';

export type WireProtocol = 'json1.0' | 'json1.1' | 'query' | 'rest-json';

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
  /** restJson1 services (EKS), by signing name, with their routes. */
  rest: Map<string, { service: ServiceDefinition; routes: RestRouter }>;
}

function buildRouter(services: ServiceDefinition[]): Router {
  const byTargetPrefix = new Map<string, ServiceDefinition>();
  const bySigningName = new Map<string, ServiceDefinition>();
  const rest = new Map<string, { service: ServiceDefinition; routes: RestRouter }>();
  for (const service of services) {
    if (service.targetPrefix) byTargetPrefix.set(service.targetPrefix, service);
    if (service.protocols.includes('query')) bySigningName.set(service.signingName, service);
    if (service.restRoutes) rest.set(service.signingName, { service, routes: new RestRouter(service.restRoutes) });
  }
  return { byTargetPrefix, bySigningName, rest };
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, options: FrontDoorOptions, router: Router): Promise<void> {
  const requestId = randomUUID();
  const body = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  const path = url.pathname;

  const admin = options.admin?.[`${req.method} ${path}`];
  if (admin) return sendAdmin(res, admin, body, requestId);

  // Signed in the Authorization header, or presigned in the query string (an EKS token's STS URL).
  const scope = parseCredentialScope(header(req, 'authorization')) ?? presignedCredentialScope(url.searchParams);
  const target = header(req, 'x-amz-target');
  const rest = !target && scope ? router.rest.get(scope.signingName) : undefined;
  const protocol: WireProtocol = target ? (header(req, 'content-type')?.includes('1.0') ? 'json1.0' : 'json1.1') : rest ? 'rest-json' : 'query';
  const fail = (error: SimError, service?: ServiceDefinition) =>
    protocol === 'query' ? sendQueryError(res, error, service, requestId) : sendJsonError(res, error, requestId, protocol, service);

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
    } else if (rest) {
      service = rest.service;
      const match = rest.routes.match(req.method ?? 'GET', path);
      operation = match?.operation;
      input = decodeRestInput(match?.labels ?? {}, url.searchParams, body);
    } else {
      service = router.bySigningName.get(scope.signingName);
      // A query-protocol GET (a presigned URL) carries its parameters in the query string.
      const decoded = decodeQueryInput(req.method === 'GET' ? url.search.slice(1) : body);
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

  const ctx: RequestContext = { accessKeyId: scope.accessKeyId, region: scope.region, now: options.now(), requestId };
  const exchange: Exchange = { service: service.signingName, operation, protocol, status: 200, input };
  try {
    await options.beforeOperation?.({ service, operation, protocol, input, ctx });
    ctx.now = options.now();
    const output = (await handler(input, ctx)) ?? {};
    // Listeners (tests, validators) get plain values; resolving fragments costs, so only for them.
    exchange.output = options.onExchange ? withoutFragments(output) : output;
    if (protocol === 'query') send(res, 200, 'text/xml', encodeQueryOutput(operation, output, service.xmlNamespace, requestId), requestId);
    else send(res, 200, jsonContentType(protocol), encodeJsonBody(output), requestId);
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
  // restJson1 names the error in the header only; the body carries the message.
  const body = protocol === 'rest-json' ? JSON.stringify({ message: error.message }) : encodeJsonError(error);
  send(res, error.httpStatus, jsonContentType(protocol), body, requestId);
}

function jsonContentType(protocol: WireProtocol): string {
  if (protocol === 'rest-json') return 'application/json';
  return `application/x-amz-json-${protocol === 'json1.0' ? '1.0' : '1.1'}`;
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
