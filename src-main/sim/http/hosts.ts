/**
 * The Host allow-list of the sim's servers (the front door and the exec agent): a request must
 * name this server by a loopback name and its own port, so a web page that rebinds a DNS name
 * of its own to 127.0.0.1 reaches nothing.
 */
import type { IncomingMessage } from 'node:http';

export function allowedHosts(bindHost: string, port: number): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  const bound = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  if (!['0.0.0.0', '[::]'].includes(bound)) names.push(bound);
  return new Set(names.map((name) => `${name.toLowerCase()}:${port}`));
}

/** True when the request's Host header is one of `allowed` (a request without one is refused). */
export function hostAllowed(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const host = req.headers.host;
  return typeof host === 'string' && allowed.has(host.toLowerCase());
}
