import {
  type CompiledJourney,
  type Diagnostic,
  type RunData,
  START_STATE,
  type StepOutput,
} from '@stagecraft/compiler';
import { advance, isRecord, type PersistedSnapshot, profileView, restoreData } from './advance';
import { translateOutputs } from './effects';
import type { Effect, Profile, RunState } from './types';

/** A waiting run and where to move it: node ids of `from` mapped to node ids of `to`. */
export interface MigrateRunArgs {
  from: CompiledJourney;
  to: CompiledJourney;
  /** The run as persisted, on `from`. */
  state: RunState;
  nodeMap: Readonly<Record<string, string>>;
  profile: Profile;
  now: number;
}

/**
 * A moved run, with the effects that close its stay on `from` (`departure`: a `left` step with
 * port `migrated`, and the cancelling of its pending timer) and those of entering `to` at the
 * mapped node (`effects`); or why it did not move, each diagnostic naming the node at fault.
 */
export type MigrateRunResult =
  | { moved: true; state: RunState; departure: Effect[]; effects: Effect[] }
  | { moved: false; diagnostics: Diagnostic[] };

/** The port a run leaves its old node by when it is moved to another version. */
export const MIGRATED_PORT = 'migrated';

/**
 * Why the entries of a node map cannot apply, each naming the node of `from` whose waiting runs
 * it would move: a node either version lacks, or a target where customers do not wait. Empty
 * when every entry can apply; `migrateRun` refuses a run on exactly these grounds.
 */
export function checkNodeMap(
  from: CompiledJourney,
  to: CompiledJourney,
  nodeMap: Readonly<Record<string, string>>,
): Diagnostic[] {
  return Object.entries(nodeMap).flatMap(([source, target]) => checkEntry(from, to, source, target));
}

function checkEntry(
  from: CompiledJourney,
  to: CompiledJourney,
  source: string,
  target: string,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  if (!Object.hasOwn(from.nodes, source))
    problems.push(problem('unknown-source-node', source, `version ${from.version} has no node "${source}"`));
  const node = Object.hasOwn(to.nodes, target) ? to.nodes[target] : undefined;
  if (!node) {
    problems.push(problem('unknown-target-node', source, `version ${to.version} has no node "${target}"`));
  } else if (!node.waits) {
    problems.push(
      problem(
        'target-not-waiting',
        source,
        `"${target}" (${node.type}) is not a node where customers wait; map to a wait, wait-for-event or HTTP step`,
      ),
    );
  }
  return problems;
}

/**
 * Moves a waiting run of `from` to the node `nodeMap` names for where it waits, in `to`. The run
 * keeps its id, entry time, trigger event, event history, stored responses, conversion and visit
 * counts, and enters the target through the compiled machine's own `migrate` transition, so the
 * node's entry (stage, actions, timer) runs exactly as when a run arrives there by an edge, and
 * later inputs step it like any run of `to`. Pure and total: an ended run, a run of another
 * version, an unmapped node, a target that would not hold the run or a corrupted state give
 * diagnostics, never an exception.
 *
 * Idempotency keys stay `run:node:visit:what`, built by the same function as every step's.
 * They stay unique across versions because visit counts carry over: every (node id, visit) pair
 * is entered at most once in a run's whole life, whichever version the node id belongs to, so
 * a node id the run already passed in the old version (a loop, or the same id in both
 * versions) gets its next visit rather than a key its old segment already used. A version in
 * the key would also make keys unique, but would change every key of every run and let a run
 * that came back to a version it left reuse that version's keys.
 */
export function migrateRun(args: MigrateRunArgs): MigrateRunResult {
  const { from, to, state, nodeMap, now } = args;
  const at = isRecord(state) && typeof state.currentNodeId === 'string' ? state.currentNodeId : '';
  if (!isRecord(state) || state.status !== 'active' || at === '')
    return refused('run-not-waiting', at, 'the run has ended or waits nowhere; only waiting runs move');
  if (state.journeyId !== from.journeyId || state.version !== from.version || to.journeyId !== from.journeyId)
    return refused(
      'wrong-version',
      at,
      `the run is on version ${state.version} of "${state.journeyId}"; it moves only from version ${from.version} to another version of "${from.journeyId}"`,
    );
  const target = Object.hasOwn(nodeMap, at) ? nodeMap[at] : undefined;
  if (target === undefined)
    return refused('not-mapped', at, `the node map does not say where runs waiting at "${at}" continue`);
  const diagnostics = checkEntry(from, to, at, target);
  if (diagnostics.length > 0) return { moved: false, diagnostics };
  try {
    const snapshot = state.snapshot as PersistedSnapshot;
    if (!isRecord(snapshot) || snapshot.value !== at)
      return refused('corrupt-run', at, `the run's stored state does not wait at "${at}"; it stays`);
    const data = restoreData(snapshot.context);
    const departure = depart(from, state, at, data, args.profile, now);
    // At `__start` with its bookkeeping: the machine's `migrate` transition enters the target.
    const carried: RunData = Object.assign({}, data, { timer: null, end: null });
    const placed: RunState = Object.assign({}, state, {
      journeyId: to.journeyId,
      version: to.version,
      wakeAt: null,
      snapshot: { value: START_STATE, context: carried } satisfies PersistedSnapshot,
    });
    const event = { type: 'migrate' as const, nodeId: target };
    const entered = advance(to, placed, START_STATE, carried, event, args.profile, now);
    // Runs move from one wait to another: a target the run would fail in or leave at once
    // (a guarded way out taken on arrival) is refused rather than ending runs on its behalf.
    if (entered?.state.status !== 'active')
      return refused(
        'target-refused',
        at,
        `"${target}" in version ${to.version} would not hold the run (it would end at once there); map to a node where customers wait`,
      );
    return { moved: true, state: entered.state, departure, effects: entered.effects };
  } catch {
    return refused('corrupt-run', at, `the run's stored state could not be read; it stays`);
  }
}

/** What leaving `from` means: the run leaves its node by the `migrated` port, and its timer will not fire. */
function depart(
  from: CompiledJourney,
  state: RunState,
  at: string,
  data: RunData,
  profile: Profile,
  now: number,
): Effect[] {
  const outputs: StepOutput[] = [
    { kind: 'left', nodeId: at, visit: data.visits[at] ?? 0, port: MIGRATED_PORT },
  ];
  if (data.timer) outputs.push({ kind: 'cancel-timer', nodeId: data.timer.nodeId, visit: data.timer.visit });
  const run = { runId: state.runId, customerId: state.customerId, journeyId: from.journeyId };
  return translateOutputs(from, run, outputs, profileView(profile), data, now).effects;
}

function problem(code: string, nodeId: string, message: string): Diagnostic {
  return { code, severity: 'error', message, nodeId };
}

function refused(code: string, nodeId: string, message: string): MigrateRunResult {
  return { moved: false, diagnostics: [problem(code, nodeId, message)] };
}
