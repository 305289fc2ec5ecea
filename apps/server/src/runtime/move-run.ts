import type { CompiledJourney } from '@stagecraft/compiler';
import { migrateRun } from '@stagecraft/engine';
import type { ChangeSet } from './changes';
import type { RuntimeContext } from './context';
import type { CustomerRecord, RunRecord } from './customer-state';
import type { Processor } from './processor';

/**
 * Moves a waiting run to `targetNodeId` of the newer version with the engine's `migrateRun`,
 * and records what it returns: leaving the old node (under the old version) and entering the
 * target (under the new one). A run the engine will not move stays on its version, logged.
 * The departure's `cancel-timer` writes nothing: the old timer's job may still fire, and then
 * finds the run at a newer visit and changes nothing.
 */
export function moveRun(
  ctx: RuntimeContext,
  processor: Processor,
  customer: CustomerRecord,
  run: RunRecord,
  from: CompiledJourney,
  to: CompiledJourney,
  targetNodeId: string,
  changes: ChangeSet,
): void {
  const state = run.state;
  const at = state?.currentNodeId;
  if (!state || !at) return;
  const result = migrateRun({
    from,
    to,
    state,
    nodeMap: { [at]: targetNodeId },
    profile: customer.profile,
    now: changes.now,
  });
  if (!result.moved) {
    const reasons = result.diagnostics.map((d) => d.message);
    ctx.log.warn({ runId: run.id, targetNodeId, reasons }, 'the run was not moved; it stays on its version');
    return;
  }
  changes.touch(customer);
  processor.recordEffects(customer, run, from, result.departure);
  run.moved(to.version, result.state);
  processor.recordEffects(customer, run, to, result.effects);
}
