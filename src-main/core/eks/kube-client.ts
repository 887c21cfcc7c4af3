/**
 * A read-only client of one EKS cluster's Kubernetes API: HTTPS that trusts only the CA the
 * cluster reports in DescribeCluster (never the system's roots), a bearer token from
 * `tokens()` (renewed by the caller), every request through a token bucket and counted by the
 * ApiMonitor as a `k8s` call. Lists follow `continue`; a 410 (the list's revision compacted)
 * starts the list again once. A 401 retries once with a fresh token (it may have just expired).
 */
import { Agent, request } from 'node:https';
import type { ApiMonitor } from '../aws/api-monitor';
import type { TokenBucket } from '../aws/token-bucket';

export interface KubeClientOptions {
  endpoint: string;
  /** PEM of the cluster's CA. */
  caPem: string;
  /** A valid token; `fresh` asks for a new one rather than the cached one. */
  token(fresh: boolean): Promise<string>;
  bucket: TokenBucket;
  monitor: ApiMonitor;
  timeoutMs?: number;
}

/** An answer other than 2xx from the API server (or no answer: status 0). */
export class KubeRequestError extends Error {
  constructor(
    readonly status: number,
    /** The Status object's reason (Unauthorized, Forbidden, Expired, ...) or the socket error's code. */
    readonly reason: string | null,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'KubeRequestError';
  }
}

export interface ListResult<T> {
  items: T[];
  resourceVersion: string | null;
  pages: number;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class KubeClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(private readonly options: KubeClientOptions) {
    this.url = new URL(options.endpoint);
    // `ca` replaces the default roots: only the cluster's own CA is trusted.
    this.agent = new Agent({ keepAlive: true, maxSockets: 4, ca: options.caPem });
  }

  async get<T>(path: string): Promise<T> {
    return (await this.send(path, false)) as T;
  }

  /** Every item of a collection, `limit` at a time. */
  async list<T>(path: string, limit = 500): Promise<ListResult<T>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.listOnce<T>(path, limit);
      } catch (err) {
        if (err instanceof KubeRequestError && err.status === 410 && attempt === 0) continue;
        throw err;
      }
    }
  }

  destroy(): void {
    this.agent.destroy();
  }

  private async listOnce<T>(path: string, limit: number): Promise<ListResult<T>> {
    const items: T[] = [];
    let next: string | undefined;
    let resourceVersion: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = (await this.send(`${path}${sep}limit=${limit}${next ? `&continue=${encodeURIComponent(next)}` : ''}`, false)) as { items?: T[]; metadata?: { continue?: string; resourceVersion?: string } };
      items.push(...(page.items ?? []));
      resourceVersion ??= page.metadata?.resourceVersion ?? null;
      next = page.metadata?.continue || undefined;
      pages++;
    } while (next);
    return { items, resourceVersion, pages };
  }

  private async send(path: string, retried: boolean): Promise<unknown> {
    const { bucket, monitor } = this.options;
    await bucket.take();
    monitor.recordRequest('k8s');
    const token = await this.options.token(retried);
    try {
      return await this.request(path, token);
    } catch (err) {
      if (!(err instanceof KubeRequestError)) throw err;
      if (err.status === 429) {
        bucket.onThrottle();
        monitor.recordThrottle('k8s');
        if (!retried) return this.send(path, true);
      } else if (err.status === 401 && !retried) {
        return this.send(path, true);
      } else if (err.status !== 401 && err.status !== 403) {
        // A refusal of Wharf's identity (no access entry) is a standing state, said with its
        // fix on the cluster's page (kube-access.ts); counted as an error it would keep the
        // status bar red on every poll for something no retry changes.
        monitor.recordError('k8s', `Kubernetes API ${err.status || err.reason}: ${err.message}`);
      }
      throw err;
    }
  }

  private request(path: string, token: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          protocol: 'https:',
          hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
          port: this.url.port || 443,
          path,
          method: 'GET',
          agent: this.agent,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'user-agent': 'wharf' },
          timeout: this.options.timeoutMs ?? 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) req.destroy(new Error('The answer is larger than 64 MiB.'));
            else chunks.push(chunk);
          });
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {
              // not JSON (a proxy's page): kept as text for the message
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(body);
            const s = body as { reason?: string; message?: string };
            reject(new KubeRequestError(status, s?.reason ?? null, s?.message ?? (typeof body === 'string' ? body.slice(0, 200) : `HTTP ${status}`), path));
          });
          res.on('error', (err) => reject(socketError(err, path)));
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('The API server did not answer in time.'), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => reject(socketError(err, path)));
      req.end();
    });
  }
}

function socketError(err: Error & { code?: string }, path: string): KubeRequestError {
  return new KubeRequestError(0, err.code ?? null, err.message, path);
}
