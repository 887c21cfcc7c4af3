/**
 * The sim's front door: one loopback `node:http` server that speaks AWS's JSON protocols
 * (dispatch on `X-Amz-Target`), restJson1 (EKS: method and path, service chosen by the SigV4
 * signing name) and the query protocol (dispatch on the form's `Action`, service chosen by the
 * signing name), and encodes outputs and errors as AWS does.
 * Before anything else it checks who is asking, as AWS does: the Host must name this server
 * (hosts.ts), and every request must carry a valid SigV4 signature (auth.ts), in its headers or
 * as a presigned URL. Everything about *what* an operation does lives in the
 * ServiceDefinitions; cross-cutting policy (throttling, faults) is the `beforeOperation` hook's job.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AuthFailure, credentialScopeOf, type Caller, type SigV4Verifier } from './auth';
import { allowedHosts, hostAllowed } from './hosts';
import { decodeJsonInput, encodeJsonBody, encodeJsonError } from './json-codec';
import { withoutFragments } from './json-fragment';
import { decodeQueryInput, encodeQueryError, encodeQueryOutput } from './query-codec';
import { decodeRestInput, RestRouter } from './rest-json';
import { SimError, SimRawAnswer, type OperationInput, type RequestContext, type ServiceDefinition } from './types';

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
  /** restJson1 errors: the body's members (message and the error shape's others). */
  errorBody?: Record<string, unknown>;
}

/** A debugging endpoint such as `POST /__sim/faults`; returns a JSON body. */
export type AdminHandler = (body: unknown) => unknown;

export interface AdminRoutes {
  /** Keyed by `METHOD /path`, e.g. `GET /__sim/state`. */
  routes: Record<string, AdminHandler>;
  /** True when `token` (the `Authorization: Bearer` value) may use the routes. */
  authorize(token: string): boolean;
}

export interface FrontDoorOptions {
  host?: string;
  port?: number;
  services: ServiceDefinition[];
  /** Proves who signed each request (SigV4); a request it refuses never reaches a service. */
  verifier: SigV4Verifier;
  /** The sim clock, epoch ms; handlers see it as `ctx.now`. */
  now: () => number;
  /** Runs before every operation: may wait (latency) or throw a SimError (throttling, faults). */
  beforeOperation?: (call: OperationCall) => void | Promise<void>;
  onExchange?: (exchange: Exchange) => void;
  /** The `/__sim/*` routes; absent, there are none (every such path is an unsigned AWS request). */
  admin?: AdminRoutes;
}

export interface FrontDoor {
  endpoint: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startFrontDoor(options: FrontDoorOptions): Promise<FrontDoor> {
  const router = buildRouter(options.services);
  let allowed = new Set<string>();
  const server = createServer((req, res) => {
    // AWS's Date header is AWS's clock: the sim's is the sim's (it runs at --speed x), so a
    // client that measures ages against the endpoint's clock sees the sim's time.
    res.setHeader('Date', new Date(options.now()).toUTCString());
    if (!hostAllowed(req, allowed)) return refuseHost(res, req, randomUUID());
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
  allowed = allowedHosts(host, port);
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
  const bodyBytes = await readBody(req);
  const url = req.url ?? '/';
  const path = url.split('?')[0];

  if (options.admin && path.startsWith('/__sim/')) return sendAdmin(req, res, options.admin, path, bodyBytes.toString('utf8'), requestId);

  const target = header(req, 'x-amz-target');
  const signed = { method: req.method ?? 'GET', url, rawHeaders: req.rawHeaders, body: bodyBytes };
  // The service the request is for, before anything is believed: by X-Amz-Target, else by the scope's signing name (restJson1 or query).
  const dot = target ? target.lastIndexOf('.') : -1;
  const signingName = target ? '' : (credentialScopeOf(signed)?.signingName ?? '');
  const rest = target ? undefined : router.rest.get(signingName);
  const protocol: WireProtocol = target ? (header(req, 'content-type')?.includes('1.0') ? 'json1.0' : 'json1.1') : rest ? 'rest-json' : 'query';
  const service = target ? router.byTargetPrefix.get(target.slice(0, dot)) : (rest?.service ?? router.bySigningName.get(signingName));
  const fail = (error: SimError) =>
    protocol === 'query' ? sendQueryError(res, error, service, requestId) : sendJsonError(res, error, requestId, protocol, service);

  let caller: Caller;
  try {
    caller = options.verifier.verify(signed, service?.signingName);
  } catch (error) {
    if (error instanceof SimError) return fail(error);
    throw error;
  }

  const body = bodyBytes.toString('utf8');
  let operation: string | undefined;
  let input: OperationInput;
  try {
    if (target) {
      operation = target.slice(dot + 1);
      input = decodeJsonInput(body);
    } else if (rest) {
      const match = rest.routes.match(req.method ?? 'GET', path);
      operation = match?.operation;
      input = decodeRestInput(match?.labels ?? {}, new URL(url, 'http://sim.invalid').searchParams, body);
    } else {
      // Query APIs take their parameters from the form body or, on a GET (a presigned URL), the query string.
      const decoded = decodeQueryInput(mergeQuery(url, body));
      operation = decoded.action;
      input = decoded.input;
    }
  } catch {
    return fail(new SimError('SerializationException', 'The request body could not be parsed.'));
  }
  const handler = service && operation ? service.operations[operation] : undefined;
  if (!service || !operation || !handler || !Object.hasOwn(service.operations, operation)) {
    return fail(new SimError('UnknownOperationException', `The operation ${operation ?? '(none)'} is not supported by this endpoint.`));
  }

  // A client that hangs up (a long poll it stopped) aborts the handler's wait.
  const abort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const ctx: RequestContext = { accessKeyId: caller.accessKeyId, region: caller.region, now: options.now(), requestId, host: header(req, 'host'), signal: abort.signal, clock: options.now };
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
    if (thrown instanceof SimRawAnswer) {
      exchange.status = thrown.httpStatus;
      send(res, thrown.httpStatus, thrown.contentType, thrown.body, requestId);
      options.onExchange?.(exchange);
      return;
    }
    const error = thrown instanceof SimError ? thrown : new SimError('InternalFailure', `The sim failed: ${String(thrown)}`, 500);
    exchange.status = protocol === 'query' ? queryStatusOf(error) : error.httpStatus;
    exchange.errorCode = protocol === 'query' ? queryCodeOf(error, service) : error.code;
    if (protocol === 'rest-json') exchange.errorBody = restJsonErrorBody(error);
    fail(error);
  }
  options.onExchange?.(exchange);
}

/** The URL's parameters (but the signature's own) followed by the form body's. */
function mergeQuery(url: string, body: string): string {
  const q = url.indexOf('?');
  if (q < 0) return body;
  const fromUrl = url
    .slice(q + 1)
    .split('&')
    .filter((pair) => pair !== '' && !/^X-Amz-(Algorithm|Credential|Date|Expires|SignedHeaders|Signature|Security-Token)=/.test(pair));
  return [...fromUrl, ...(body ? [body] : [])].join('&');
}

/**
 * `/__sim/*`: only with the sim's secret (`Authorization: Bearer <secret access key>`) and a JSON
 * content type (which no HTML form can send, and no page can send across origins unasked).
 * Refusals say nothing about the sim.
 */
function sendAdmin(req: IncomingMessage, res: ServerResponse, admin: AdminRoutes, path: string, body: string, requestId: string): void {
  const bearer = /^Bearer (\S+)$/.exec(header(req, 'authorization') ?? '')?.[1];
  if (!bearer || !admin.authorize(bearer)) {
    return send(res, 401, 'application/json', JSON.stringify({ message: 'The sim admin routes need the sim secret as a bearer token.' }), requestId);
  }
  if (!/^application\/json(;|$)/i.test(header(req, 'content-type') ?? '')) {
    return send(res, 415, 'application/json', JSON.stringify({ message: 'The sim admin routes take Content-Type: application/json.' }), requestId);
  }
  const handler = admin.routes[`${req.method} ${path}`];
  if (!handler) return send(res, 404, 'application/json', JSON.stringify({ message: `No admin route ${req.method} ${path}.` }), requestId);
  try {
    const parsed: unknown = body.trim() ? JSON.parse(body) : {};
    send(res, 200, 'application/json', JSON.stringify(handler(parsed) ?? {}, null, 2), requestId);
  } catch (error) {
    send(res, 400, 'application/json', JSON.stringify({ message: String(error) }), requestId);
  }
}

/** A Host the sim does not answer to (a rebound DNS name, another server's port). */
function refuseHost(res: ServerResponse, req: IncomingMessage, requestId: string): void {
  req.resume();
  const message = 'The sim answers only requests addressed to it by a loopback name and its own port.';
  res.setHeader('connection', 'close');
  send(res, 421, 'application/json', JSON.stringify({ __type: 'MisdirectedRequest', message }), requestId);
}

function sendJsonError(res: ServerResponse, error: SimError, requestId: string, protocol: WireProtocol = 'json1.1', service?: ServiceDefinition): void {
  res.setHeader('x-amzn-ErrorType', error.code);
  if (service?.awsQueryCompatible) res.setHeader('x-amzn-query-error', `${queryCodeOf(error, service)};${error.faultType}`);
  // restJson1 names the error in the header only; the body carries the message and the shape's other members.
  const body = protocol === 'rest-json' ? JSON.stringify(restJsonErrorBody(error)) : encodeJsonError(error);
  send(res, error.httpStatus, jsonContentType(protocol), body, requestId);
}

function restJsonErrorBody(error: SimError): Record<string, unknown> {
  return { ...error.members, message: error.message };
}

function jsonContentType(protocol: WireProtocol): string {
  if (protocol === 'rest-json') return 'application/json';
  return `application/x-amz-json-${protocol === 'json1.0' ? '1.0' : '1.1'}`;
}

function sendQueryError(res: ServerResponse, error: SimError, service: ServiceDefinition | undefined, requestId: string): void {
  const status = queryStatusOf(error);
  const message = error instanceof AuthFailure ? error.queryMessage : error.message;
  const queryError = new SimError(queryCodeOf(error, service), message, status, error.faultType);
  send(res, status, 'text/xml', encodeQueryError(queryError, service?.xmlNamespace, requestId), requestId);
}

/** The error's code as the query protocol spells it (the model's `error.code`; AWS's own names for a refused signature). */
function queryCodeOf(error: SimError, service: ServiceDefinition | undefined): string {
  if (error instanceof AuthFailure) return error.queryCode;
  return service?.queryErrorCodes?.[error.code] ?? error.code;
}

function queryStatusOf(error: SimError): number {
  return error instanceof AuthFailure ? error.queryStatus : error.httpStatus;
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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('Request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
