/**
 * One region's SQS standard queues: their attributes, tags and messages. Message timing
 * (retention, visibility, delays) follows the sim clock like the rest of the account; a long
 * poll waits in real time, since the client's HTTP timeouts are real.
 *
 * Figures from the SQS developer guide ("Amazon SQS standard queue quotas", "CreateQueue"):
 * see docs/aws-quotas.md.
 */
import { createHash, randomUUID } from 'node:crypto';

export const QUEUE_DELETED_RECENTLY_MS = 60_000;
export const MAX_WAIT_SECONDS = 20;
export const MAX_RECEIVE = 10;
export const MAX_IN_FLIGHT = 120_000;
/** One PurgeQueue per queue every 60 s (the time a purge may take on SQS). */
export const PURGE_IN_PROGRESS_MS = 60_000;

export interface SqsMessage {
  id: string;
  body: string;
  md5OfBody: string;
  sentAt: number;
  /** Sim ms from which the message may be received (a delay, or the end of a visibility timeout). */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** The receipt handle of the latest receive. */
  receipt?: string;
  senderId: string;
}

export interface Queue {
  name: string;
  url: string;
  arn: string;
  createdAt: number;
  lastModifiedAt: number;
  /** As CreateQueue / SetQueueAttributes store them: strings, AWS's names. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  /** Not yet deleted, in arrival order. */
  messages: SqsMessage[];
  waiters: Set<() => void>;
  /** Sim ms of the last PurgeQueue. */
  purgedAt?: number;
}

/** Attributes a queue has unless told otherwise (the SQS API reference's defaults). */
export const DEFAULT_ATTRIBUTES: Record<string, string> = {
  DelaySeconds: '0',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};

export class SqsStore {
  private readonly queues = new Map<string, Queue>();
  private readonly deletedAt = new Map<string, number>();

  constructor(
    readonly accountId: string,
    readonly region: string,
  ) {}

  arnOf(name: string): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${name}`;
  }

  get(name: string): Queue | undefined {
    return this.queues.get(name);
  }

  byArn(arn: string): Queue | undefined {
    const parts = arn.split(':');
    if (parts.length !== 6 || parts[2] !== 'sqs' || parts[3] !== this.region || parts[4] !== this.accountId) return undefined;
    return this.queues.get(parts[5]);
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  /** When a queue of this name was deleted, if within the last minute. */
  recentlyDeleted(name: string, now: number): boolean {
    const at = this.deletedAt.get(name);
    return at !== undefined && now - at < QUEUE_DELETED_RECENTLY_MS;
  }

  create(name: string, url: string, attributes: Record<string, string>, tags: Record<string, string>, now: number): Queue {
    const queue: Queue = {
      name,
      url,
      arn: this.arnOf(name),
      createdAt: now,
      lastModifiedAt: now,
      attributes: { ...DEFAULT_ATTRIBUTES, ...attributes },
      tags: { ...tags },
      messages: [],
      waiters: new Set(),
    };
    this.queues.set(name, queue);
    return queue;
  }

  delete(queue: Queue, now: number): void {
    this.queues.delete(queue.name);
    this.deletedAt.set(queue.name, now);
    queue.messages.length = 0;
    wake(queue);
  }

  /** Puts a message on the queue (SendMessage, or an EventBridge target delivering). */
  send(queue: Queue, body: string, now: number, senderId: string, delaySeconds?: number): SqsMessage {
    const delay = delaySeconds ?? Number(queue.attributes.DelaySeconds ?? 0);
    const message: SqsMessage = {
      id: randomUUID(),
      body,
      md5OfBody: md5(body),
      sentAt: now,
      visibleAt: now + delay * 1000,
      receiveCount: 0,
      senderId,
    };
    queue.messages.push(message);
    wake(queue);
    return message;
  }

  /** Messages past the queue's retention period are gone. */
  expire(queue: Queue, now: number): void {
    const retentionMs = Number(queue.attributes.MessageRetentionPeriod) * 1000;
    if (queue.messages.length && now - queue.messages[0].sentAt > retentionMs) {
      queue.messages = queue.messages.filter((m) => now - m.sentAt <= retentionMs);
    }
  }

  /**
   * Up to `max` visible messages, made invisible for `visibilityMs`. A standard queue gives no
   * order guarantee; the sim hands out the oldest visible first.
   */
  take(queue: Queue, max: number, visibilityMs: number, now: number): SqsMessage[] {
    this.expire(queue, now);
    const out: SqsMessage[] = [];
    for (const message of queue.messages) {
      if (out.length >= max) break;
      if (message.visibleAt > now) continue;
      message.receiveCount++;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + visibilityMs;
      message.receipt = receiptHandle(queue, message);
      out.push(message);
    }
    return out;
  }

  /** Sim ms until the next hidden message becomes visible, or null when none is hidden. */
  nextVisibleIn(queue: Queue, now: number): number | null {
    let next: number | null = null;
    for (const m of queue.messages) if (m.visibleAt > now) next = next === null ? m.visibleAt - now : Math.min(next, m.visibleAt - now);
    return next;
  }

  inFlight(queue: Queue, now: number): number {
    return queue.messages.filter((m) => m.receiveCount > 0 && m.visibleAt > now).length;
  }

  /** Deletes by receipt handle; false when the handle does not parse as one of this queue's. */
  deleteByReceipt(queue: Queue, receipt: string): boolean {
    const id = messageIdOf(queue, receipt);
    if (id === null) return false;
    const index = queue.messages.findIndex((m) => m.id === id);
    // A handle of a message already deleted succeeds, as on SQS.
    if (index >= 0) queue.messages.splice(index, 1);
    return true;
  }

  /** Waits (real time) until something is sent to the queue, the wait ends or the caller leaves. */
  waitForMessage(queue: Queue, waitMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        queue.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      timer.unref?.();
      queue.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  purge(queue: Queue, now: number): void {
    queue.messages.length = 0;
    queue.purgedAt = now;
  }

  /** ChangeMessageVisibility: only the latest receipt of a message still in flight. */
  changeVisibility(queue: Queue, receipt: string, visibilityMs: number, now: number): 'ok' | 'invalid' | 'not-in-flight' {
    const id = messageIdOf(queue, receipt);
    if (id === null) return 'invalid';
    const message = queue.messages.find((m) => m.id === id);
    if (!message || message.receipt !== receipt || message.visibleAt <= now) return 'not-in-flight';
    message.visibleAt = now + visibilityMs;
    return 'ok';
  }
}

function wake(queue: Queue): void {
  for (const waiter of [...queue.waiters]) waiter();
}

export function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** An opaque-looking handle that names the queue, the message and this receive. */
function receiptHandle(queue: Queue, message: SqsMessage): string {
  const raw = `${queue.arn}\n${message.id}\n${message.receiveCount}\n${randomUUID()}`;
  return Buffer.from(raw, 'utf8').toString('base64');
}

function messageIdOf(queue: Queue, receipt: string): string | null {
  let raw: string;
  try {
    raw = Buffer.from(receipt, 'base64').toString('utf8');
  } catch {
    return null;
  }
  const [arn, id] = raw.split('\n');
  return arn === queue.arn && id ? id : null;
}
