/**
 * The long poll keeps up with a burst: a receive that comes back full starts one more
 * receiver (up to the limit), extra receivers stop once a receive comes back short, and every
 * message is handed over and deleted once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { LiveConsumer } from '../../../src-main/core/live/live-consumer';

/** A queue whose receives take a few milliseconds, counting how many run at once. */
function fakeQueue(count: number) {
  const waiting: Message[] = Array.from({ length: count }, (_, i) => ({ MessageId: `m${i}`, ReceiptHandle: `r${i}`, Body: '{}' }));
  const deleted: string[] = [];
  let inReceive = 0;
  let maxInReceive = 0;
  const sqs = {
    async send(command: unknown): Promise<unknown> {
      if (command instanceof ReceiveMessageCommand) {
        inReceive++;
        maxInReceive = Math.max(maxInReceive, inReceive);
        await new Promise((r) => setTimeout(r, 5));
        inReceive--;
        const max = command.input.MaxNumberOfMessages ?? 1;
        if (waiting.length === 0 && (command.input.WaitTimeSeconds ?? 0) > 0) await new Promise((r) => setTimeout(r, 20));
        return { Messages: waiting.splice(0, max) };
      }
      if (command instanceof DeleteMessageBatchCommand) {
        deleted.push(...(command.input.Entries ?? []).map((e) => e.ReceiptHandle ?? ''));
        return { Successful: command.input.Entries, Failed: [] };
      }
      throw new Error('unexpected command');
    },
  };
  return { sqs, deleted, waiting, maxInReceive: () => maxInReceive };
}

let consumer: LiveConsumer | null = null;
afterEach(async () => {
  await consumer?.stop();
  consumer = null;
});

describe('LiveConsumer', () => {
  it('receives a backlog with more than one receiver, then goes back to one long poll', async () => {
    const queue = fakeQueue(400);
    const handled: string[] = [];
    consumer = new LiveConsumer({ sqs: queue.sqs, queueUrl: 'q', waitSeconds: 1, maxReceivers: 4, handle: async (m) => (handled.push(...m.map((x) => x.MessageId!)), m), onReceive: () => undefined });
    consumer.start();
    await vi.waitFor(() => expect(queue.deleted).toHaveLength(400), { timeout: 10_000 });
    expect(queue.maxInReceive()).toBeGreaterThan(1);
    expect(queue.maxInReceive()).toBeLessThanOrEqual(4);
    expect(new Set(handled).size).toBe(400);
    expect(handled).toHaveLength(400);
    await vi.waitFor(() => expect(consumer!.receiving).toBe(1), { timeout: 5_000 });
  });

  it('keeps one receive at a time while the queue keeps up', async () => {
    const queue = fakeQueue(5);
    consumer = new LiveConsumer({ sqs: queue.sqs, queueUrl: 'q', waitSeconds: 1, handle: async (m) => m, onReceive: () => undefined });
    consumer.start();
    await vi.waitFor(() => expect(queue.deleted).toHaveLength(5), { timeout: 10_000 });
    expect(queue.maxInReceive()).toBe(1);
    expect(consumer.receiving).toBe(1);
  });
});
