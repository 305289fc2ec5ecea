import type { CompiledJourney } from '@stagecraft/compiler';
import { applyProfileEffects, type Effect } from '@stagecraft/engine';
import { isSplit } from '../experiments/goals';
import type { ChangeSet } from './changes';
import type { CustomerRecord, RunRecord } from './customer-state';
import { countConversionEdges } from './edge-counts';
import { TIMER_QUEUE } from './jobs';
import { outboxRow } from './outbox';

// Rows are written out field by field: on Node 20, an object spread followed by more
// properties ({ ...key, runId }) costs about a microsecond per added property, on every effect.

/**
 * Turns one engine step's effects into writes: profile changes (and stage history), step records
 * and counters, timer jobs, and outbox rows for messages, HTTP requests and plugin effects.
 */
export function recordEffects(
  changes: ChangeSet,
  customer: CustomerRecord,
  run: RunRecord,
  journey: CompiledJourney,
  effects: Effect[],
): void {
  const profileEffects = effects.filter(
    (e) => e.type === 'update-profile' || e.type === 'set-stage' || e.type === 'tag',
  );
  if (profileEffects.length > 0) {
    const stageBefore = customer.profile.stage;
    customer.unseenChangeFrom ??= customer.profile;
    customer.profile = applyProfileEffects(customer.profile, profileEffects);
    customer.markRowChanged();
    let stayFrom = customer.stageChangedAt;
    for (const e of profileEffects) {
      if (e.type !== 'set-stage' || e.stage === e.previousStage) continue;
      const fromAt = e.previousStage === null ? null : stayFrom;
      stayFrom = changes.now;
      changes.stages.push({
        workspaceId: customer.workspaceId,
        customerId: customer.customerId,
        fromStage: e.previousStage,
        toStage: e.stage,
        journeyId: journey.journeyId,
        runId: run.id,
        nodeId: e.nodeId,
        at: changes.now,
        fromAt,
      });
    }
    if (customer.profile.stage !== stageBefore) customer.stageChangedAt = changes.now;
  }
  for (const effect of effects) {
    if (effect.type === 'step') {
      changes.step({
        workspaceId: customer.workspaceId,
        customerId: customer.customerId,
        runId: run.id,
        journeyId: journey.journeyId,
        version: journey.version,
        nodeId: effect.nodeId,
        visit: effect.visit,
        kind: effect.kind,
        port: effect.port,
        at: effect.at,
      });
      if (effect.kind === 'left' && effect.port !== null) {
        changes.countEdge(journey.journeyId, journey.version, effect.nodeId, effect.port, 'passed');
      } else if (effect.kind === 'converted') {
        countConversionEdges(changes, run, journey);
      }
      if (effect.kind === 'left' && effect.port !== null && isSplit(journey, effect.nodeId)) {
        changes.assign({
          workspaceId: customer.workspaceId,
          customerId: customer.customerId,
          journeyId: journey.journeyId,
          nodeId: effect.nodeId,
          runId: run.id,
          version: journey.version,
          arm: effect.port,
          at: effect.at,
          convertedAt: null,
        });
      }
    } else if (effect.type === 'schedule-timer' || effect.type === 'continue') {
      // A step stopped at its size limit goes on as a timer due now: in its own transaction,
      // with the event loop free in between, and durable like any timer.
      const fireAt = effect.type === 'continue' ? effect.at : effect.fireAt;
      changes.jobs.push({
        name: TIMER_QUEUE,
        data: {
          kind: 'run',
          workspaceId: customer.workspaceId,
          customerId: customer.customerId,
          runId: run.id,
          nodeId: effect.nodeId,
          visit: effect.visit,
          fireAt,
        },
        startAt: fireAt,
      });
    } else if (effect.type === 'send' || effect.type === 'http' || effect.type === 'plugin') {
      changes.outbox.push(outboxRow(customer, run, journey, effect, changes.now));
    } else if (effect.type === 'cancel-timer') {
      // Left in the queue on purpose: a timer is checked against the run when it fires, and one
      // whose run ended, left the node or moved to a later visit changes nothing (applyTimer and
      // the engine's step). Deleting the job would cost a statement per cancelled wait here, in
      // the transaction of the event that cancelled it, to save one when it comes due.
    }
  }
  if (run.status === 'failed' && run.state?.currentNodeId) {
    changes.step({
      workspaceId: customer.workspaceId,
      customerId: customer.customerId,
      runId: run.id,
      journeyId: journey.journeyId,
      version: journey.version,
      nodeId: run.state.currentNodeId,
      visit: 0,
      kind: 'errored',
      port: null,
      at: changes.now,
    });
  }
}
