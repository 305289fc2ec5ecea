import { applyOnArrival } from './apply-on-arrival';
import type { RuntimeContext } from './context';
import { type Arrival, type InsertedEvent, messageKey, storeEvents } from './ingest';
import type { IngestMessage } from './types';

interface Request {
  workspaceId: string;
  messages: IngestMessage[];
  resolve: (result: { accepted: number; duplicates: number }) => void;
  reject: (error: unknown) => void;
}

/** Requests joined into one transaction stop growing past this many events. */
const GROUP_EVENTS = 1_000;
/** Events waiting for a transaction, by default, before new requests are only stored (see submit). */
export const DEFAULT_BACKLOG = 20_000;

/**
 * Applies ingested events as they arrive, in transactions shared by the requests that arrive
 * together (group commit): while `parallel` transactions are under way, new requests wait and
 * then go in one transaction. A transaction per request would cost the database about twice as
 * much per event as one per group. Each request resolves once its events are durable; if applying
 * fails, its events are stored for the workers instead, which isolate the event at fault.
 */
export class IngestQueue {
  #waiting: Request[] = [];
  #waitingEvents = 0;
  #running = 0;
  #idle: (() => void)[] = [];

  constructor(
    private readonly ctx: RuntimeContext,
    private readonly parallel: number,
    private readonly backlog = DEFAULT_BACKLOG,
  ) {}

  /**
   * Resolves once the messages are durable. When more than `backlog` events are already waiting
   * (the database cannot keep up), the messages are only stored, for the workers to apply, so
   * that requests are answered as fast as events can be written and memory stays bounded.
   */
  submit(workspaceId: string, messages: IngestMessage[]): Promise<{ accepted: number; duplicates: number }> {
    return new Promise((resolve, reject) => {
      const request = { workspaceId, messages, resolve, reject };
      if (this.#waitingEvents + messages.length > this.backlog) {
        void this.#store(request);
        return;
      }
      this.#waiting.push(request);
      this.#waitingEvents += messages.length;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.parallel && this.#waiting.length > 0) {
      const group: Request[] = [];
      let events = 0;
      while (
        this.#waiting.length > 0 &&
        (group.length === 0 || events + this.#waiting[0]!.messages.length <= GROUP_EVENTS)
      ) {
        const request = this.#waiting.shift()!;
        group.push(request);
        events += request.messages.length;
        this.#waitingEvents -= request.messages.length;
      }
      this.#running++;
      void this.#flush(group).finally(() => {
        this.#running--;
        this.#pump();
        if (this.#running === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }

  /** Resolves once every request submitted so far has its answer. */
  idle(): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #flush(group: Request[]): Promise<void> {
    const arrivals: Arrival[] = group.flatMap((r) =>
      r.messages.map((message) => ({ workspaceId: r.workspaceId, message })),
    );
    let inserted: InsertedEvent[];
    try {
      inserted = await applyOnArrival(this.ctx, arrivals);
    } catch (error) {
      this.ctx.log.warn(
        { err: error instanceof Error ? error.message : String(error), events: arrivals.length },
        'applying events on arrival failed; they are stored for the workers',
      );
      await Promise.all(group.map((r) => this.#store(r)));
      return;
    }
    const stored = new Set(inserted.map((e) => messageKey(e.workspaceId, e.customerId, e.messageId)));
    for (const request of group) {
      let accepted = 0;
      for (const m of request.messages) {
        // The first request in the group carrying a messageId is the one that stored it.
        if (stored.delete(messageKey(request.workspaceId, m.userId, m.messageId))) accepted++;
      }
      request.resolve({ accepted, duplicates: request.messages.length - accepted });
    }
  }

  async #store(request: Request): Promise<void> {
    try {
      const result = await storeEvents(this.ctx.database, request.workspaceId, request.messages);
      if (result.accepted > 0) this.ctx.wake('events');
      request.resolve(result);
    } catch (error) {
      request.reject(error);
    }
  }
}
