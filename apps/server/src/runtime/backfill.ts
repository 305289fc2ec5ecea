import type { CompiledJourney } from '@stagecraft/compiler';
import type { RuntimeContext } from './context';
import type { CustomerKey } from './customer-state';
import { rescheduleDateTriggers } from './date-triggers';
import { BACKFILL_QUEUE, type BackfillJob, insertJobs, takeDueJobs } from './jobs';
import { runUnitOfWork } from './unit-of-work';

const CHUNK = 500;

/**
 * After a journey with date triggers goes live, its triggers must be scheduled for customers who
 * are already there (new and changed profiles are scheduled as they arrive). Queues the first
 * chunk; each chunk queues the next in its own transaction, so a crash resumes where it stopped.
 */
export async function startBackfill(ctx: RuntimeContext, journeyId: string): Promise<void> {
  const { rows } = await ctx.database.sql.executeSql(
    "select workspace_id, published_version from journeys where id = $1 and status = 'live' and published_version is not null",
    [journeyId],
  );
  const row = rows[0];
  if (!row) return;
  const version = Number(row.published_version);
  const journey = await ctx.catalog.compiled(ctx.database.sql, journeyId, version);
  if (!journey?.triggers.some((t) => t.spec.kind === 'date')) return;
  const job: BackfillJob = { workspaceId: String(row.workspace_id), journeyId, version, after: null };
  await ctx.database.transaction((tx) =>
    insertJobs(tx.sql, [{ name: BACKFILL_QUEUE, data: job, startAt: ctx.now() }]),
  );
  ctx.wake('timers');
}

/** A taken backfill job, its journey (null when it no longer admits anyone) and the chunk's customers. */
interface BackfillChunk {
  job: BackfillJob;
  journey: CompiledJourney | null;
  keys: CustomerKey[];
}

/** Schedules one chunk of a backfill in one unit of work; returns how many customers it covered. */
export async function processBackfill(ctx: RuntimeContext): Promise<number> {
  const covered = await runUnitOfWork<BackfillChunk, number>(ctx, {
    select: async (tx, changes) => {
      const [taken] = await takeDueJobs<BackfillJob>(tx.sql, BACKFILL_QUEUE, changes.now, 1, ctx.clockId);
      if (!taken) return null;
      const job = taken.data;
      const { live } = await ctx.catalog.workspace(tx.sql, job.workspaceId);
      const journey = live.find((j) => j.journeyId === job.journeyId && j.version === job.version);
      // Paused or published again meanwhile: a newer publish starts its own backfill.
      if (!journey) return { keys: [], found: { job, journey: null, keys: [] }, jobs: [taken.key] };
      const { rows } = await tx.sql.executeSql(
        // Test-clock customers are scheduled as their own clock runs (their profile changes), not here.
        `select customer_id from customers where workspace_id = $1 and ($2::text is null or customer_id > $2)
           and test_clock_id is null
         order by customer_id limit ${CHUNK}`,
        [job.workspaceId, job.after],
      );
      const keys = rows.map((r) => ({ workspaceId: job.workspaceId, customerId: String(r.customer_id) }));
      return { keys, found: { job, journey, keys }, jobs: [taken.key] };
    },
    apply: async ({ changes, customer }, { job, journey, keys }) => {
      if (!journey) return 1;
      for (const key of keys) rescheduleDateTriggers(customer(key), [journey], changes);
      if (keys.length === CHUNK) {
        changes.jobs.push({
          name: BACKFILL_QUEUE,
          data: { ...job, after: keys.at(-1)!.customerId },
          startAt: changes.now,
        });
      }
      return Math.max(1, keys.length);
    },
  });
  return covered ?? 0;
}
