import {
  type CompiledJourney,
  createJourneyMachine,
  MAX_PATH,
  type RunData,
  START_STATE,
} from '@stagecraft/compiler';
import { type Effect, startRun } from '@stagecraft/engine';
import type { ChangeSet } from './changes';
import type { RuntimeContext } from './context';
import type { CustomerRecord, RunRecord } from './customer-state';
import type { Processor } from './processor';

const enterable = new Map<string, CompiledJourney>();

/**
 * The journey with one more way in: straight into `nodeId`. Entering there runs the node's own
 * entry (its stage, actions and timer) with the engine's step function, exactly as a run that
 * arrived by an edge would.
 */
function enterableAt(journey: CompiledJourney, nodeId: string): CompiledJourney {
  const key = `${journey.journeyId}@${journey.version}#${nodeId}`;
  const cached = enterable.get(key);
  if (cached) return cached;
  const definition = structuredClone(journey.definition) as {
    states: Record<string, { on?: Record<string, unknown> }>;
  };
  definition.states[START_STATE] = {
    on: { enter: [{ guard: { type: 'isTrigger', params: { nodeId } }, target: nodeId }] },
  };
  const derived: CompiledJourney = {
    ...journey,
    definition,
    machine: createJourneyMachine(definition),
    triggers: [{ nodeId, spec: { kind: 'api' } }],
  };
  enterable.set(key, derived);
  return derived;
}

/**
 * Rebuilds a waiting run at `targetNodeId` of the newer version: the run keeps its id, entry
 * time, trigger, event history, stored responses and visit counts (so idempotency keys stay
 * unique), and enters the target node afresh. Its old timer becomes stale and is ignored.
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
  const old = run.state!;
  const oldData = (old.snapshot as { context: RunData }).context;
  const trigger = oldData.trigger
    ? {
        id: oldData.trigger.id ?? '',
        name: oldData.trigger.name,
        properties: oldData.trigger.properties,
        at: oldData.trigger.at,
      }
    : null;
  const result = startRun(enterableAt(to, targetNodeId), {
    runId: run.id,
    customerId: customer.customerId,
    triggerNodeId: targetNodeId,
    event: trigger,
    profile: customer.profile,
    now: changes.now,
  });
  if (result.state.status !== 'active') {
    ctx.log.warn(
      { runId: run.id, targetNodeId },
      'migration target did not hold the run; it stays on its version',
    );
    return;
  }
  const fresh = (result.state.snapshot as { context: RunData }).context;
  const visit = (oldData.visits[targetNodeId] ?? 0) + 1;
  const data: RunData = {
    ...oldData,
    node: fresh.node,
    stage: fresh.stage ?? oldData.stage,
    path: [...oldData.path, targetNodeId].slice(-MAX_PATH),
    visits: { ...oldData.visits, [targetNodeId]: visit },
    timer: fresh.timer ? { nodeId: fresh.timer.nodeId, visit } : null,
  };
  const leftAt = old.currentNodeId ?? '';
  changes.step({
    workspaceId: customer.workspaceId,
    customerId: customer.customerId,
    runId: run.id,
    journeyId: from.journeyId,
    version: from.version,
    nodeId: leftAt,
    visit: oldData.visits[leftAt] ?? 0,
    kind: 'left',
    port: 'migrated',
    at: changes.now,
  });
  run.version = to.version;
  run.state = {
    ...result.state,
    enteredAt: old.enteredAt,
    version: to.version,
    snapshot: { value: targetNodeId, context: data },
  };
  run.changed = true;
  changes.touch(customer);
  const effects = result.effects.map((e) => revisit(e, targetNodeId, visit));
  processor.recordEffects(customer, run, to, effects);
}

/** The fresh entry counted visit 1; the run has been here before, so its keys take the real visit. */
function revisit(effect: Effect, nodeId: string, visit: number): Effect {
  if (effect.nodeId !== nodeId) return effect;
  const rekey = (key: string) => key.replace(`:${nodeId}:${effect.visit}`, `:${nodeId}:${visit}`);
  const moved = { ...effect, visit, key: rekey(effect.key) };
  return 'timerId' in moved ? { ...moved, timerId: rekey(moved.timerId) } : moved;
}
