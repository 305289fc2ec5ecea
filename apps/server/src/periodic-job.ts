/** A job the server runs on a timer while it runs. */
export interface PeriodicJob {
  /** Clears the timers and waits for a run under way; no run starts after it. */
  stop(): Promise<void>;
}

/**
 * Runs `run` after `firstMs`, then every `everyMs` from there, one run at a time (a run that is due while
 * another goes on waits for it). A failed run is handed to `onError` and the next one still
 * comes. The timers never keep the process alive.
 */
export function runPeriodically(options: {
  firstMs: number;
  everyMs: number;
  run: (stopped: () => boolean) => Promise<void>;
  onError: (error: unknown) => void;
}): PeriodicJob {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = running.then(() => (stopped ? undefined : options.run(() => stopped))).catch(options.onError);
  };
  let timer: NodeJS.Timeout | null = null;
  const first = setTimeout(() => {
    tick();
    timer = setInterval(tick, options.everyMs);
    timer.unref();
  }, options.firstMs);
  first.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
