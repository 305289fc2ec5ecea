/** A pending wake-up in a simulation: a run's timer or a date trigger's firing. */
export interface QueuedTimer {
  id: string;
  fireAt: number;
  /** Insertion order; breaks ties so timers due at the same moment fire in the order they were set. */
  seq: number;
}

/** A timer as callers give it; the queue numbers it. Distributes over unions of timer kinds. */
export type NewTimer<T> = T extends unknown ? Omit<T, 'seq'> : never;

/**
 * A min-heap of timers by (fireAt, seq) with removal by id. Removed or replaced entries stay in
 * the heap and are skipped when they surface, which keeps every operation O(log n).
 */
export class TimerQueue<T extends QueuedTimer> {
  private heap: T[] = [];
  private live = new Map<string, T>();
  private seq = 0;

  get size(): number {
    return this.live.size;
  }

  /** Adds a timer, replacing any pending one with the same id. */
  set(timer: NewTimer<T>): void {
    const entry = { ...timer, seq: this.seq++ } as unknown as T;
    this.live.set(entry.id, entry);
    this.heap.push(entry);
    this.up(this.heap.length - 1);
  }

  delete(id: string): void {
    this.live.delete(id);
  }

  /** Removes and returns the earliest timer due at or before `until`, or null. */
  popDue(until: number): T | null {
    while (this.heap.length > 0) {
      const top = this.heap[0] as T;
      if (this.live.get(top.id) !== top) {
        this.pop();
        continue;
      }
      if (top.fireAt > until) return null;
      this.pop();
      this.live.delete(top.id);
      return top;
    }
    return null;
  }

  private less(a: T, b: T): boolean {
    return a.fireAt < b.fireAt || (a.fireAt === b.fireAt && a.seq < b.seq);
  }

  private pop(): void {
    const last = this.heap.pop() as T;
    if (this.heap.length === 0) return;
    this.heap[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.heap.length && this.less(this.heap[left] as T, this.heap[smallest] as T))
        smallest = left;
      if (right < this.heap.length && this.less(this.heap[right] as T, this.heap[smallest] as T))
        smallest = right;
      if (smallest === index) return;
      [this.heap[index], this.heap[smallest]] = [this.heap[smallest] as T, this.heap[index] as T];
      index = smallest;
    }
  }

  private up(start: number): void {
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.less(this.heap[index] as T, this.heap[parent] as T)) return;
      [this.heap[index], this.heap[parent]] = [this.heap[parent] as T, this.heap[index] as T];
      index = parent;
    }
  }
}
