import type { EventName, EventPayload } from '../contract/api';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Core's outgoing events; each transport subscribes once and forwards to its clients. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // A broken transport must not stop the others from hearing the event.
      }
    }
  }

  /** Every event (the transports forward them all). */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One event, its payload typed by the contract (emit is typed, so no cast is needed here). */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.subscribe((name, payload) => {
      if (name === event) listener(payload as EventPayload<E>);
    });
  }
}
