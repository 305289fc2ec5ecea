import { type PeriodicJob, runPeriodically } from '../periodic-job';
import type { AuditRepository } from '../repositories/audit';

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** How often the server purges audit entries past their workspace's retention. */
const PURGE_EVERY_MS = 60 * 60 * 1000;

/** The advisory lock key of the audit retention purge: one process purges at a time. */
export const AUDIT_PURGE_LOCK = 7_245_118_906;

/**
 * Purges expired audit entries hourly (and a minute after start) under the database's exclusive
 * lock, so several server processes do not purge at once. `stop()` clears the timer and waits
 * for a purge under way.
 */
export function scheduleAuditPurge(options: {
  audit: AuditRepository;
  exclusive: <T>(key: number, fn: () => Promise<T>) => Promise<T>;
  log: Log;
  everyMs?: number;
  firstMs?: number;
}): PeriodicJob {
  return runPeriodically({
    firstMs: options.firstMs ?? 60_000,
    everyMs: options.everyMs ?? PURGE_EVERY_MS,
    run: async () => {
      const purged = await options.exclusive(AUDIT_PURGE_LOCK, () => options.audit.purgeExpired());
      if (purged > 0) options.log.info({ purged }, 'audit entries past retention purged');
    },
    onError: (error) => options.log.warn({ err: error }, 'audit retention purge failed'),
  });
}
