import { type PeriodicJob, runPeriodically } from '../periodic-job';
import type { ClvService } from './clv';

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** How often the schedule looks for workspaces whose model is older than the fit interval. */
const CHECK_EVERY_MS = 10 * 60 * 1000;

/**
 * Refits each workspace's CLV model once it is `everyMs` old: a timer in the server process
 * checks every ten minutes (and a minute after start) and fits the stale workspaces one at a
 * time. Runs under the database's exclusive lock `lockKey`, so several server processes fit each
 * workspace once. `stop()` clears the timer and waits for a fit under way.
 */
export function scheduleClvFits(options: {
  clv: ClvService;
  everyMs: number;
  exclusive: <T>(key: number, fn: () => Promise<T>) => Promise<T>;
  log: Log;
  /** The server clock. */
  now: () => number;
  /** Overrides of the ten-minute check and the one-minute first check, for tests. */
  checkEveryMs?: number;
  firstCheckMs?: number;
}): PeriodicJob {
  const { clv, everyMs, log } = options;
  // A workspace whose data cannot support a fit is tried again one interval later, not every check.
  const failedAt = new Map<string, number>();
  async function fitStale(stopped: () => boolean) {
    for (const workspaceId of await clv.staleWorkspaces(everyMs)) {
      if (stopped()) return;
      const failed = failedAt.get(workspaceId);
      if (failed !== undefined && options.now() - failed < everyMs) continue;
      const outcome = await clv.fit(workspaceId);
      if (outcome.ok) {
        failedAt.delete(workspaceId);
        log.info({ workspaceId, customers: outcome.model.customers }, 'CLV model fitted');
      } else {
        failedAt.set(workspaceId, options.now());
        log.info({ workspaceId, reason: outcome.reason }, 'CLV model not fitted');
      }
    }
  }
  return runPeriodically({
    firstMs: options.firstCheckMs ?? 60_000,
    everyMs: options.checkEveryMs ?? Math.min(CHECK_EVERY_MS, everyMs),
    run: (stopped) => options.exclusive(CLV_FIT_LOCK, () => fitStale(stopped)),
    onError: (error) => log.warn({ err: error }, 'scheduled CLV fit failed'),
  });
}

/** The advisory lock key of scheduled CLV fits. */
export const CLV_FIT_LOCK = 7_245_118_905;
