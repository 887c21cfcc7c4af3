/**
 * One cluster's Kubernetes API server: HTTPS on loopback with the cluster's own CA, bearer
 * tokens checked as EKS checks them (token-verifier.ts), access entries and their policies
 * (access.ts), and the read API Wharf needs: /version, nodes, namespaces, pods and events,
 * listed with selectors and limit/continue (kube-list.ts), or read one by name.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { TokenBucket } from '../throttle/token-bucket';
import { allows, findEntry, usernameOf, type AccessEntry, type Resource } from './access';
import { makeClusterCertificates } from './certs';
import { KubeApiError } from './kube-errors';
import { Collection, type Listable, type ListQuery } from './kube-list';
import { renderEvent, renderNamespace, renderNode, renderPod } from './kube-render';
import type { KubeEvent, KubeNamespace, KubeNode, KubePod } from './kube-types';
import { podKey, type KubeWorld } from './kube-world';
import { verifyToken, type CallerIdentity } from './token-verifier';

export interface KubeVersion {
  major: string;
  minor: string;
  gitVersion: string;
}

export interface KubeApiServerOptions {
  host: string;
  clusterName: string;
  world: KubeWorld;
  version: KubeVersion;
  accessEntries(): readonly AccessEntry[];
  /** The sim's clock, epoch ms. */
  now(): number;
  /** The origin of the sim's STS (its front door), once it listens. */
  stsOrigin(): string | undefined;
}

export interface KubeApiServer {
  endpoint: string;
  /** certificateAuthority.data: the CA's PEM, base64, as DescribeCluster reports it. */
  caData: string;
  close(): Promise<void>;
}

/**
 * The sim's stand-in for API Priority and Fairness (which limits concurrency, not rate, and
 * is not published for EKS): per cluster, bursts of 100 requests, then 50 a second; beyond
 * that 429 TooManyRequests with Retry-After, as APF answers.
 */
const RATE = { burst: 100, refillPerSecond: 50 };
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const POD_FIELDS = ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'];
const NODE_FIELDS = ['metadata.name', 'spec.unschedulable'];
const NAMESPACE_FIELDS = ['metadata.name', 'status.phase'];
const EVENT_FIELDS = [
  'metadata.name', 'metadata.namespace', 'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
  'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type',
];

export async function startKubeApiServer(options: KubeApiServerOptions): Promise<KubeApiServer> {
  // Dated by the wall clock: TLS clients check validity against real time, not the sim's.
  const certs = await makeClusterCertificates({ ips: ['127.0.0.1', '::1'], dns: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'] }, Date.now());
  const api = new KubeApi(options);
  const server: Server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    api.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendStatus(res, new KubeApiError(500, 'InternalError', `Internal error occurred: ${String(error)}`));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host, () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    endpoint: `https://${host}:${port}`,
    caData: Buffer.from(certs.caPem).toString('base64'),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Caller = { kind: 'anonymous' } | { kind: 'user'; identity: CallerIdentity; entry: AccessEntry; username: string };

class KubeApi {
  private readonly tokens = new Map<string, { identity: CallerIdentity; expiresAt: number }>();
  private readonly bucket = new TokenBucket(RATE.burst, RATE.refillPerSecond, Date.now());
  private readonly nodes = new Collection<KubeNode>('NodeList', NODE_FIELDS, 'nodes');
  private readonly pods = new Collection<KubePod>('PodList', POD_FIELDS, 'pods');
  private readonly namespaces = new Collection<KubeNamespace>('NamespaceList', NAMESPACE_FIELDS, 'namespaces');
  private readonly events = new Collection<KubeEvent>('EventList', EVENT_FIELDS, 'events');

  constructor(private readonly options: KubeApiServerOptions) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const hostname = (req.headers.host ?? '').replace(/:\d+$/, '');
      if (!LOOPBACK_HOSTS.has(hostname)) throw KubeApiError.badRequest(`the sim serves loopback hosts only, not "${req.headers.host ?? ''}"`);
      const url = new URL(req.url ?? '/', 'https://kubernetes.invalid');
      const caller = await this.authenticate(req.headers.authorization);
      if (!this.bucket.tryTake(Date.now())) throw KubeApiError.tooManyRequests();
      if (req.method !== 'GET') throw KubeApiError.methodNotAllowed(req.method ?? '');
      const world = this.options.world;
      world.advance(this.options.now());
      sendJson(res, 200, this.route(url, caller));
    } catch (error) {
      if (error instanceof KubeApiError) sendStatus(res, error);
      else throw error;
    }
  }

  private async authenticate(header: string | undefined): Promise<Caller> {
    if (!header) return { kind: 'anonymous' };
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw KubeApiError.unauthorized();
    const token = m[1];
    const now = Date.now();
    let known = this.tokens.get(token);
    if (known && known.expiresAt <= now) {
      this.tokens.delete(token);
      known = undefined;
    }
    if (!known) {
      const verified = await verifyToken(token, { clusterName: this.options.clusterName, stsOrigin: this.options.stsOrigin });
      if (!verified.ok) throw KubeApiError.unauthorized();
      known = { identity: verified.identity, expiresAt: verified.expiresAt };
      if (this.tokens.size > 1000) this.tokens.clear();
      this.tokens.set(token, known);
    }
    // Looked up on every request: an access entry removed takes effect at once.
    const entry = findEntry(this.options.accessEntries(), known.identity);
    if (!entry) throw KubeApiError.unauthorized();
    return { kind: 'user', identity: known.identity, entry, username: usernameOf(entry, known.identity) };
  }

  private authorize(caller: Caller, verb: 'get' | 'list', resource: Resource, namespace: string | null): void {
    if (caller.kind === 'anonymous') throw KubeApiError.forbidden('system:anonymous', verb, resource, namespace);
    if (!allows(caller.entry, verb, resource, namespace)) throw KubeApiError.forbidden(caller.username, verb, resource, namespace);
  }

  private route(url: URL, caller: Caller): unknown {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (['/healthz', '/livez', '/readyz'].includes(path)) return 'ok';
    if (path === '/version') return this.version();
    if (caller.kind === 'anonymous' && !path.startsWith('/api/v1/')) throw KubeApiError.forbiddenPath('system:anonymous', url.pathname);
    if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:443' }] };
    const query: ListQuery = {
      limit: url.searchParams.get('limit'),
      continue: url.searchParams.get('continue'),
      labelSelector: url.searchParams.get('labelSelector'),
      fieldSelector: url.searchParams.get('fieldSelector'),
      resourceVersion: url.searchParams.get('resourceVersion'),
    };
    const parts = path.split('/').slice(3).map(decodeURIComponent); // after /api/v1
    if (!path.startsWith('/api/v1/') || parts.length === 0) throw KubeApiError.noRoute();
    const [first, second, third, fourth] = parts;
    if (first === 'nodes' && parts.length <= 2) return second ? this.getOne(caller, 'nodes', null, second) : this.list(caller, 'nodes', null, query);
    if (first === 'pods' && parts.length === 1) return this.list(caller, 'pods', null, query);
    if (first === 'events' && parts.length === 1) return this.list(caller, 'events', null, query);
    if (first === 'namespaces') {
      if (parts.length === 1) return this.list(caller, 'namespaces', null, query);
      if (parts.length === 2) return this.getOne(caller, 'namespaces', null, second);
      if ((third === 'pods' || third === 'events') && parts.length === 3) return this.list(caller, third, second, query);
      if ((third === 'pods' || third === 'events') && parts.length === 4) return this.getOne(caller, third, second, fourth);
    }
    throw KubeApiError.noRoute();
  }

  private version() {
    const { major, minor, gitVersion } = this.options.version;
    return {
      major,
      minor,
      emulationMajor: major,
      emulationMinor: minor,
      minCompatibilityMajor: major,
      minCompatibilityMinor: String(Number(minor) - 1),
      gitVersion,
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2026-01-01T00:00:00Z',
      goVersion: 'go1.24.9',
      compiler: 'gc',
      platform: 'linux/amd64',
    };
  }

  private list(caller: Caller, resource: Resource, namespace: string | null, query: ListQuery): unknown {
    this.authorize(caller, 'list', resource, namespace);
    const world = this.options.world;
    const now = this.options.now();
    const inNamespace = <T extends { namespace: string }>(o: T) => namespace === null || o.namespace === namespace;
    switch (resource) {
      case 'nodes':
        return this.nodes.list(query, world.revision, () => [...world.nodes.values()].map((n) => nodeListable({ ...n })), (n) => renderNode(n, now));
      case 'namespaces':
        return this.namespaces.list(query, world.revision, () => [...world.namespaces.values()].map((ns) => namespaceListable({ ...ns })), renderNamespace);
      case 'pods':
        return this.pods.list(
          query,
          world.revision,
          () => [...world.pods.values()].filter(inNamespace).map((p) => podListable({ ...p })),
          (p) => renderPod(p, p.nodeName ? world.nodes.get(p.nodeName) : undefined, now),
        );
      case 'events':
        return this.events.list(query, world.revision, () => [...world.events.values()].filter(inNamespace).map((e) => eventListable({ ...e })), renderEvent);
    }
  }

  private getOne(caller: Caller, resource: Resource, namespace: string | null, name: string): unknown {
    this.authorize(caller, 'get', resource, namespace);
    const world = this.options.world;
    const now = this.options.now();
    const missing = () => KubeApiError.notFound(resource, name);
    const withKind = (kind: string, json: unknown) => ({ kind, apiVersion: 'v1', ...(json as object) });
    switch (resource) {
      case 'nodes': {
        const node = world.nodes.get(name);
        if (!node) throw missing();
        return withKind('Node', renderNode(node, now));
      }
      case 'namespaces': {
        const ns = world.namespaces.get(name);
        if (!ns) throw missing();
        return withKind('Namespace', renderNamespace(ns));
      }
      case 'pods': {
        const pod = world.pods.get(`${namespace}/${name}`);
        if (!pod) throw missing();
        return withKind('Pod', renderPod(pod, pod.nodeName ? world.nodes.get(pod.nodeName) : undefined, now));
      }
      case 'events': {
        const event = world.events.get(`${namespace}/${name}`);
        if (!event) throw missing();
        return withKind('Event', renderEvent(event));
      }
    }
  }
}

function nodeListable(node: KubeNode): Listable<KubeNode> {
  return { key: node.name, labels: node.labels, fields: { 'metadata.name': node.name, 'spec.unschedulable': String(node.unschedulable) }, item: node };
}

function namespaceListable(ns: KubeNamespace): Listable<KubeNamespace> {
  return { key: ns.name, labels: ns.labels, fields: { 'metadata.name': ns.name, 'status.phase': 'Active' }, item: ns };
}

export function podPhase(pod: KubePod): string {
  if (!pod.nodeName || pod.behaviour === 'image-pull') return 'Pending';
  return 'Running';
}

function podListable(pod: KubePod): Listable<KubePod> {
  return {
    key: podKey(pod),
    labels: pod.labels,
    fields: {
      'metadata.name': pod.name,
      'metadata.namespace': pod.namespace,
      'spec.nodeName': pod.nodeName ?? '',
      'spec.restartPolicy': pod.owner?.kind === 'Job' ? 'OnFailure' : 'Always',
      'spec.schedulerName': pod.schedulerName,
      'spec.serviceAccountName': pod.serviceAccountName,
      'status.phase': podPhase(pod),
      'status.podIP': pod.podIp ?? '',
      'status.nominatedNodeName': '',
    },
    item: pod,
  };
}

function eventListable(event: KubeEvent): Listable<KubeEvent> {
  return {
    key: `${event.namespace}/${event.name}`,
    labels: {},
    fields: {
      'metadata.name': event.name,
      'metadata.namespace': event.namespace,
      'involvedObject.kind': event.involved.kind,
      'involvedObject.namespace': event.involved.namespace ?? '',
      'involvedObject.name': event.involved.name,
      'involvedObject.uid': event.involved.uid,
      'involvedObject.apiVersion': 'v1',
      'involvedObject.resourceVersion': '',
      'involvedObject.fieldPath': '',
      reason: event.reason,
      reportingComponent: event.component,
      source: event.component,
      type: event.type,
    },
    item: event,
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-cache, private',
    'audit-id': randomUUID(),
  });
  res.end(text);
}

function sendStatus(res: ServerResponse, error: KubeApiError): void {
  if (error.retryAfterSeconds) res.setHeader('retry-after', String(error.retryAfterSeconds));
  sendJson(res, error.code, error.status());
}
