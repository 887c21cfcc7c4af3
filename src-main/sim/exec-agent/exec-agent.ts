import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AgentSession, type AgentModes, type AgentSessionState, type SessionSpec } from './agent-session';
import { allowedHosts, hostAllowed } from '../http/hosts';

/**
 * The agent side of ECS Exec for the sim: its own WebSocket server on loopback, standing in
 * for ssmmessages. The sim's ExecuteCommand (signed, verified by the front door) calls
 * `createSession` and answers with the returned streamUrl and token; a client then connects
 * and, once its first frame carries that token, gets a real shell.
 *
 * Who may connect: only a request whose Host names this server by a loopback name and its
 * port, with no Origin header (a browser always sends one; the SSM clients never do), to a
 * session ExecuteCommand opened and nobody has connected to yet. Anything else is refused
 * before the WebSocket opens.
 *
 * Admin routes, for tests, when the sim was started with them (`authorizeAdmin`), and only
 * with the sim's secret as `Authorization: Bearer` and `Content-Type: application/json`:
 *   GET  /admin/exec-sessions                 -> { active, sessions: [...] }
 *   POST /admin/exec-sessions/<id>/terminate  -> ends the session with channel_closed
 */

export type { AgentModes } from './agent-session';

export interface ExecAgentOptions {
  host: string;
  /** Drop every session's socket this long after it connects (a flaky network); see setDropAfterMs. */
  dropAfterMs?: number;
  mode?: AgentModes;
  /** A session nobody connects to is forgotten after this long. */
  pendingTtlMs?: number;
  /** Serves the admin routes to a caller whose bearer token this accepts; absent, there are none. */
  authorizeAdmin?: (token: string) => boolean;
}

/** A session to open: what the agent session runs (its id and token are the agent's to make). */
export type CreateSessionInput = Omit<SessionSpec, 'sessionId' | 'tokenValue'> & {
  /** Overrides the agent's modes for this one session. */
  mode?: AgentModes;
};

export interface AgentSessionInfo {
  sessionId: string;
  state: AgentSessionState;
  clusterArn: string;
  taskArn: string;
  containerName: string;
  endReason: string | null;
  /** Flow control sent to the client: pause_publication and start_publication messages. */
  publication: { pauses: number; starts: number };
}

const DATA_CHANNEL_PATH = /^\/v1\/data-channel\/([A-Za-z0-9_-]+)$/;
const DEFAULT_PENDING_TTL_MS = 5 * 60_000;
/** Ended sessions kept for the admin listing. */
const ENDED_KEPT = 100;

export class ExecAgent {
  private server: Server | null = null;
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly sessions = new Map<string, AgentSession>();
  private port = 0;
  private allowed = new Set<string>();
  private dropAfterMs: number | undefined;

  constructor(private readonly opts: ExecAgentOptions) {
    this.dropAfterMs = opts.dropAfterMs;
  }

  /**
   * Switches the dropped-socket fault at runtime: sockets that connect later drop `ms` after
   * connecting, sockets already connected drop `ms` from now; undefined switches it off (and
   * cancels drops not yet done).
   */
  setDropAfterMs(ms: number | undefined): void {
    this.dropAfterMs = ms;
    for (const session of this.sessions.values()) session.setDropAfter(ms);
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => this.onHttp(req, res));
    server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, this.opts.host, () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    this.allowed = allowedHosts(this.opts.host, this.port);
  }

  /** The base URL of the admin routes and the data channel. */
  get endpoint(): string {
    return `http://${this.opts.host}:${this.port}`;
  }

  createSession(i: CreateSessionInput): { sessionId: string; streamUrl: string; tokenValue: string } {
    if (!this.server) throw new Error('ExecAgent.start() must finish before sessions are created.');
    const sessionId = `ecs-execute-command-${randomBytes(9).toString('hex').slice(0, 17)}`;
    const tokenValue = randomBytes(96).toString('base64');
    const session = new AgentSession(
      { sessionId, tokenValue, clusterArn: i.clusterArn, taskArn: i.taskArn, containerName: i.containerName, runtimeId: i.runtimeId, command: i.command, kmsKeyId: i.kmsKeyId },
      i.mode ?? this.opts.mode ?? {},
      { dropAfterMs: () => this.dropAfterMs, onEnded: () => this.forgetEnded() },
    );
    this.sessions.set(sessionId, session);
    const expiry = setTimeout(() => {
      if (session.state === 'pending') session.terminate('Nobody connected to the session in time.');
    }, this.opts.pendingTtlMs ?? DEFAULT_PENDING_TTL_MS);
    expiry.unref();
    const cell = randomBytes(24).toString('base64url');
    const streamUrl = `ws://${this.opts.host}:${this.port}/v1/data-channel/${sessionId}?role=publish_subscribe&cell-number=${cell}`;
    return { sessionId, streamUrl, tokenValue };
  }

  /** Sessions a client is connected to and whose shell (or handshake) is live. */
  activeSessionCount(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.state === 'handshake' || s.state === 'running') n += 1;
    return n;
  }

  listSessions(): AgentSessionInfo[] {
    return [...this.sessions.values()].map((s) => ({
      sessionId: s.spec.sessionId,
      state: s.state,
      clusterArn: s.spec.clusterArn,
      taskArn: s.spec.taskArn,
      containerName: s.spec.containerName,
      endReason: s.endReason,
      publication: s.publicationCounts,
    }));
  }

  /** Ends a session as the service would (e.g. the task stopped). */
  terminateSession(sessionId: string, reason = 'The session was terminated.'): boolean {
    const session = this.sessions.get(sessionId);
    if (!session || session.state === 'ended') return false;
    session.terminate(reason);
    return true;
  }

  async close(): Promise<void> {
    for (const s of this.sessions.values()) if (s.state !== 'ended') s.terminate('The exec agent is shutting down.');
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!hostAllowed(req, this.allowed)) return refuse(socket, 421, 'Misdirected Request');
    // A browser page (any origin, DNS rebinding included) always sends Origin; the agent's clients never do.
    if (req.headers.origin !== undefined) return refuse(socket, 403, 'Forbidden');
    const path = new URL(req.url ?? '/', 'http://agent').pathname;
    const session = this.sessions.get(DATA_CHANNEL_PATH.exec(path)?.[1] ?? '');
    if (!session) return refuse(socket, 404, 'Not Found');
    if (session.state !== 'pending' || session.claimed) return refuse(socket, 409, 'Conflict');
    this.wss.handleUpgrade(req, socket, head, (ws) => session.attach(ws));
  }

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    if (!hostAllowed(req, this.allowed)) return sendJson(res, 421, { message: 'Misdirected request.' });
    const authorize = this.opts.authorizeAdmin;
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!authorize || !bearer || !authorize(bearer) || !/^application\/json(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return sendJson(res, authorize ? 401 : 404, { message: authorize ? 'The agent admin routes need the sim secret as a bearer token and a JSON content type.' : 'Not found' });
    }
    const path = new URL(req.url ?? '/', 'http://agent').pathname;
    if (req.method === 'GET' && path === '/admin/exec-sessions') {
      return sendJson(res, 200, { active: this.activeSessionCount(), sessions: this.listSessions() });
    }
    const terminate = /^\/admin\/exec-sessions\/([A-Za-z0-9_-]+)\/terminate$/.exec(path);
    if (req.method === 'POST' && terminate) {
      const ok = this.terminateSession(terminate[1], 'The session was terminated by an administrator.');
      return sendJson(res, ok ? 200 : 404, { terminated: ok });
    }
    sendJson(res, 404, { message: 'Not found' });
  }

  private forgetEnded(): void {
    const ended = [...this.sessions.values()].filter((s) => s.state === 'ended');
    for (const s of ended.slice(0, Math.max(0, ended.length - ENDED_KEPT))) this.sessions.delete(s.spec.sessionId);
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
