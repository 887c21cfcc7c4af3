import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * The long poll of the queue: ReceiveMessage (20 s wait, 10 at a time) again and again, each
 * batch handed over at once while the next receive is already on its way; what was applied is
 * deleted (DeleteMessageBatch), what could not be (a describe failed) stays in the queue and
 * comes back after the visibility timeout. Failures back off (1 s doubling to 30 s) and are
 * reported; the owner decides whether they are a gap.
 *
 * One receive at a time carries 10 messages per round trip: a burst (an instance drained
 * stops and replaces its tasks, a few hundred events) would queue behind it for a minute.
 * So a receive that comes back full starts one more receiver, up to `maxReceivers`; an extra
 * receiver stops as soon as a receive comes back short (the backlog is gone), and the long
 * poll is one receive again.
 */
export interface ConsumerDeps {
  sqs: Pick<SQSClient, 'send'>;
  queueUrl: string;
  /** Applies a batch; resolves with the messages that were applied (or are to be dropped). */
  handle(messages: Message[]): Promise<Message[]>;
  /** After each receive: its start time, or the error it failed with. */
  onReceive(result: { ok: true; startedAt: number; count: number } | { ok: false; error: unknown }): void;
  /** After each delete: how many were deleted, or the error. */
  onDeleteError?(error: unknown): void;
  waitSeconds?: number;
  /** Seconds a received message stays hidden from other receives (covers a describe). */
  visibilitySeconds?: number;
  /**
   * Batches handed over and not yet settled (a describe on its way) before the loop waits
   * (default 64): receiving must not stall behind describes, or every event waits.
   */
  maxInFlight?: number;
  /** Receives at once while the queue has a backlog (default 8). */
  maxReceivers?: number;
  now?: () => number;
}

/** SQS hands out at most 10 messages per receive. */
const BATCH = 10;

const MAX_BACKOFF_MS = 30_000;

export class LiveConsumer {
  private abort = new AbortController();
  private running = false;
  private stopped = false;
  private inFlight = new Set<Promise<void>>();
  private failures = 0;
  private receivedOnce = false;
  private loop: Promise<void> | null = null;
  /** Receivers running now: the long poll, and extra ones while a backlog lasts. */
  private receivers = 0;
  private readonly extras = new Set<Promise<void>>();

  constructor(private readonly deps: ConsumerDeps) {}

  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.loop = this.run(true);
  }

  /** Receivers running now (1 while the queue keeps up; more during a burst). */
  get receiving(): number {
    return this.receivers;
  }

  /** Stops receiving; a receive in flight is abandoned (its messages come back to the queue). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.loop?.catch(() => undefined);
    await Promise.allSettled([...this.extras, ...this.inFlight]);
  }

  private async run(primary: boolean): Promise<void> {
    this.receivers++;
    try {
      await this.receiveLoop(primary);
    } finally {
      this.receivers--;
    }
  }

  private async receiveLoop(primary: boolean): Promise<void> {
    const now = this.deps.now ?? Date.now;
    while (!this.stopped) {
      if (this.inFlight.size >= (this.deps.maxInFlight ?? 64)) {
        await Promise.race(this.inFlight);
        continue;
      }
      const startedAt = now();
      let messages: Message[];
      try {
        const res = await this.deps.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.deps.queueUrl,
            // The first receive does not wait: it proves the queue answers, and live starts now.
            // An extra receiver waits a second at most: it is there for a backlog only.
            WaitTimeSeconds: !this.receivedOnce ? 0 : primary ? this.deps.waitSeconds ?? 20 : Math.min(1, this.deps.waitSeconds ?? 20),
            MaxNumberOfMessages: BATCH,
            VisibilityTimeout: this.deps.visibilitySeconds ?? 60,
          }),
          { abortSignal: this.abort.signal },
        );
        messages = res.Messages ?? [];
      } catch (error) {
        if (this.stopped) return;
        this.failures++;
        this.deps.onReceive({ ok: false, error });
        // The long poll retries after its back-off; an extra receiver just stops.
        if (!primary) return;
        await this.sleep(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.failures - 1, 5)));
        continue;
      }
      if (this.stopped) return;
      this.receivedOnce = true;
      this.failures = 0;
      this.deps.onReceive({ ok: true, startedAt, count: messages.length });
      if (messages.length) this.settle(messages);
      const full = messages.length >= BATCH;
      if (full && this.receivers < (this.deps.maxReceivers ?? 8)) {
        const extra = this.run(false);
        this.extras.add(extra);
        void extra.finally(() => this.extras.delete(extra));
      }
      if (!primary && !full) return;
    }
  }

  private settle(messages: Message[]): void {
    const work = (async () => {
      let done: Message[];
      try {
        done = await this.deps.handle(messages);
      } catch {
        return;
      }
      if (done.length === 0 || this.stopped) return;
      try {
        const res = await this.deps.sqs.send(
          new DeleteMessageBatchCommand({ QueueUrl: this.deps.queueUrl, Entries: done.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })) }),
        );
        if (res.Failed?.length) this.deps.onDeleteError?.(new Error(`${res.Failed.length} messages were not deleted: ${res.Failed[0]?.Code ?? ''}`));
      } catch (error) {
        this.deps.onDeleteError?.(error);
      }
    })();
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref?.();
      this.abort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  }
}
