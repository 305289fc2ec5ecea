/**
 * Plugin steps under way in this process. A slow plugin step records its outcome on its own
 * when it ends, so it never holds back the deliveries claimed with it; `settled` lets drains,
 * test clocks and shutdown wait for them, and `size` bounds how many run at once.
 */
export class InFlight {
  readonly #running = new Set<Promise<void>>();
  #finished = 0;

  get size(): number {
    return this.#running.size;
  }

  /** Tracks `work` (which must not reject) until it ends. */
  add(work: Promise<void>): void {
    this.#running.add(work);
    void work.finally(() => {
      this.#running.delete(work);
      this.#finished++;
    });
  }

  /** Waits until nothing is under way; how many steps ended since the last call. */
  async settled(): Promise<number> {
    while (this.#running.size > 0) await Promise.all(this.#running);
    const finished = this.#finished;
    this.#finished = 0;
    return finished;
  }
}
