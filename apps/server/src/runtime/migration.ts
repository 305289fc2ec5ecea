import type { CompiledJourney } from '@stagecraft/compiler';
import type { SqlExecutor } from '@stagecraft/db';
import { checkNodeMap } from '@stagecraft/engine';
import type { RuntimeContext } from './context';
import { compiledVersion, journeyRow } from './journey-lookup';
import { trialMoves } from './migration-trial';
import { moveRun } from './move-run';
import { type MigrationPlan, type MigrationPreview, RuntimeError } from './types';
import { runUnitOfWork } from './unit-of-work';

const BATCH = 500;

/** What applying `plan` would do now: runs per move, runs that stay, and problems that block it. */
export async function previewMigration(
  ctx: RuntimeContext,
  workspaceId: string,
  journeyId: string,
  plan: MigrationPlan,
): Promise<MigrationPreview> {
  return (await prepare(ctx, ctx.database.sql, workspaceId, journeyId, plan)).preview;
}

/**
 * Moves the runs waiting at mapped nodes of `fromVersion` to the mapped nodes of `toVersion`,
 * batch by batch, each batch one unit of work under its customers' locks. A run's state is
 * rebuilt at the target node, which it enters afresh (its waits restart from now). Runs that
 * moved on meanwhile are left alone. Refused as a whole when the preview shows problems.
 */
export async function applyMigration(
  ctx: RuntimeContext,
  workspaceId: string,
  journeyId: string,
  plan: MigrationPlan,
): Promise<MigrationPreview & { moved: number }> {
  const { preview, from, to } = await prepare(ctx, ctx.database.sql, workspaceId, journeyId, plan);
  if (preview.problems.length > 0) {
    const list = preview.problems.map((p) => `${p.nodeId}: ${p.message}`).join('; ');
    throw new RuntimeError('invalid_migration', `the migration cannot be applied: ${list}`);
  }
  const mapped = Object.keys(plan.nodeMap);
  let moved = 0;
  for (;;) {
    const count =
      (await runUnitOfWork(ctx, {
        select: async (tx) => {
          const { rows } = await tx.sql.executeSql(
            `select workspace_id, customer_id, id from journey_runs
             where journey_id = $1 and version = $2 and status = 'active' and current_node_id = any($3::text[])
               and workspace_id = $4
             limit ${BATCH}`,
            [journeyId, plan.fromVersion, mapped, workspaceId],
          );
          if (rows.length === 0) return null;
          const runs = rows.map((r) => ({
            workspaceId: String(r.workspace_id),
            customerId: String(r.customer_id),
            runId: String(r.id),
          }));
          return { keys: runs, found: runs };
        },
        apply: async ({ changes, processor, customer: customerOf }, runs) => {
          let done = 0;
          for (const selected of runs) {
            const customer = customerOf(selected);
            const run = customer.runs.find((r) => r.id === selected.runId);
            // Re-read under the lock: the run may have moved on since it was selected.
            const at = run?.state?.currentNodeId;
            if (run?.status !== 'active' || run.version !== plan.fromVersion || !at || !plan.nodeMap[at])
              continue;
            moveRun(ctx, processor, customer, run, from, to, plan.nodeMap[at], changes);
            await processor.settle(customer);
            done++;
          }
          return done;
        },
      })) ?? -1;
    // Nothing left, or only rows that changed under us (never expected; stop rather than spin).
    if (count <= 0) break;
    moved += count;
  }
  return { ...preview, moved };
}

async function prepare(
  ctx: RuntimeContext,
  sql: SqlExecutor,
  workspaceId: string,
  journeyId: string,
  plan: MigrationPlan,
): Promise<{ preview: MigrationPreview; from: CompiledJourney; to: CompiledJourney }> {
  await journeyRow(sql, workspaceId, journeyId);
  if (plan.toVersion <= plan.fromVersion) {
    throw new RuntimeError(
      'invalid_migration',
      `toVersion (${plan.toVersion}) must be newer than fromVersion (${plan.fromVersion})`,
    );
  }
  const from = await compiledVersion(ctx, sql, journeyId, plan.fromVersion);
  const to = await compiledVersion(ctx, sql, journeyId, plan.toVersion);
  const { rows } = await sql.executeSql(
    `select current_node_id as node_id, count(*)::int as n from journey_runs
     where journey_id = $1 and version = $2 and status = 'active' and current_node_id is not null
       and workspace_id = $3
     group by current_node_id order by current_node_id`,
    [journeyId, plan.fromVersion, workspaceId],
  );
  // The engine's own checks, then a trial move of one run per mapped node when they pass.
  const problems: MigrationPreview['problems'] = checkNodeMap(from, to, plan.nodeMap).map((d) => ({
    nodeId: d.nodeId ?? '',
    message: d.message,
  }));
  if (problems.length === 0) problems.push(...(await trialMoves(sql, from, to, plan, ctx.now())));
  const moves: MigrationPreview['moves'] = [];
  const staying: MigrationPreview['staying'] = [];
  for (const row of rows) {
    const nodeId = String(row.node_id);
    const target = plan.nodeMap[nodeId];
    if (target) moves.push({ fromNodeId: nodeId, toNodeId: target, runs: Number(row.n) });
    else staying.push({ nodeId, runs: Number(row.n) });
  }
  return {
    preview: {
      journeyId,
      fromVersion: plan.fromVersion,
      toVersion: plan.toVersion,
      moves,
      staying,
      problems,
    },
    from,
    to,
  };
}
