import type { CompiledJourney, RunData } from '@stagecraft/compiler';
import { edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { migrateRun } from './migrate-run';
import { startRun } from './start-run';
import { stepRun } from './step-run';
import { compileForTest, HOUR, MONDAY, profileOf } from './test-support';
import type { Effect, RunInput, RunState, StepResult } from './types';

const extra = {
  stages: [
    { id: 'onboarding', name: 'Onboarding', color: '#8b5cf6', order: 0 },
    { id: 'engagement', name: 'Engagement', color: '#10b981', order: 1 },
  ],
  settings: { exitEvents: [{ event: 'account.closed' }] },
};
const email = (body: string) => ({ channel: 'email', name: 'Hello', subject: 'Hi', body });

/** Version 1: a loop through waits, an HTTP step, an event-count condition and a split. */
const v1 = compileForTest(
  journeyDoc(
    [
      node('start', 'event-trigger', { event: 'user.signed_up' }, { stage: 'onboarding' }),
      node('hello', 'send-message', email('Hi {{ event.plan | "there" }}')),
      node('listen', 'wait-for-event', { event: 'app.opened', timeout: { amount: 1, unit: 'days' } }),
      node('lookup', 'http-request', { method: 'POST', url: 'https://crm.example.com/x' }),
      node(
        'busy',
        'condition',
        {
          rules: {
            all: [{ eventCount: { event: 'app.opened' }, operator: 'greater_or_equal', value: 2 }],
          },
        },
        { stage: 'engagement' },
      ),
      node('nap', 'wait', { mode: 'time-of-day', hour: 9, minute: 0, weekdays: [1, 2, 3, 4, 5] }),
      node('done', 'exit'),
    ],
    [
      edge('start', 'hello'),
      edge('hello', 'listen'),
      edge('listen', 'lookup', 'matched'),
      edge('listen', 'busy', 'timeout'),
      edge('lookup', 'busy', 'success'),
      edge('lookup', 'done', 'failure'),
      edge('busy', 'done', 'yes'),
      edge('busy', 'nap', 'no'),
      edge('nap', 'listen'),
    ],
    extra,
  ),
  builtinRegistry,
  'journey-1',
  1,
);

/**
 * Version 2 keeps the node ids (so a moved run meets nodes it has visited), changes the texts
 * and the timeout, adds a message and a wait to the loop, and a split; its rules read no event
 * history, so a run that entered fresh and a moved one can be held to the same behaviour.
 */
const v2Nodes = [
  node('start', 'event-trigger', { event: 'user.signed_up' }, { stage: 'onboarding' }),
  node('hello', 'send-message', email('Welcome, {{ event.plan | "friend" }}')),
  node('listen', 'wait-for-event', { event: 'app.opened', timeout: { amount: 2, unit: 'days' } }),
  node('lookup', 'http-request', { method: 'POST', url: 'https://crm.example.com/y' }),
  node(
    'busy',
    'condition',
    { rules: { all: [{ field: 'event.plan', operator: 'equals', value: 'pro' }] } },
    { stage: 'engagement' },
  ),
  node('split', 'random-split', {
    arms: [
      { id: 'a', label: 'A', weight: 1 },
      { id: 'b', label: 'B', weight: 1 },
    ],
  }),
  node('nap', 'wait', { mode: 'time-of-day', hour: 9, minute: 0, weekdays: [1, 2, 3, 4, 5] }),
  node('nudge', 'send-message', email('Still there?')),
  node('hold', 'wait', { mode: 'duration', duration: { amount: 2, unit: 'hours' } }),
  node('done', 'exit'),
];
const v2Edges = [
  edge('start', 'hello'),
  edge('hello', 'listen'),
  edge('listen', 'lookup', 'matched'),
  edge('listen', 'busy', 'timeout'),
  edge('lookup', 'busy', 'success'),
  edge('lookup', 'done', 'failure'),
  edge('busy', 'split', 'yes'),
  edge('busy', 'nap', 'no'),
  edge('split', 'nap', 'a'),
  edge('split', 'hold', 'b'),
  edge('nap', 'nudge'),
  edge('nudge', 'listen'),
  edge('hold', 'hello'),
];
const v2 = compileForTest(journeyDoc(v2Nodes, v2Edges, extra), builtinRegistry, 'journey-1', 2);

const SOURCES = ['listen', 'lookup', 'nap'];
const TARGETS = ['listen', 'lookup', 'nap', 'hold'];

/** Version 2 with one more way in, an API trigger straight into `nodeId`: what "entered at the node" means without migration. */
const enteredAt: Record<string, CompiledJourney> = Object.fromEntries(
  TARGETS.map((target) => [
    target,
    compileForTest(
      journeyDoc([...v2Nodes, node('way-in', 'api-trigger')], [...v2Edges, edge('way-in', target)], extra),
      builtinRegistry,
      'journey-1',
      2,
    ),
  ]),
);

const profile = profileOf('cus', { plan: 'pro', email: 'x@example.com' }, { timeZone: 'Europe/Paris' });
const trigger = { id: 'signup', name: 'user.signed_up', properties: { plan: 'pro' }, at: MONDAY };
/** The move happens after the old segment's inputs (at most 20, an hour apart). */
const MOVED_AT = MONDAY + 30 * HOUR;

const eventName = fc.constantFrom('app.opened', 'account.closed', 'other');
/** Inputs as the runtime would deliver them to one run: its own pending timer, a result for where it is. */
const later = fc.oneof(
  fc.record({ kind: fc.constant('event' as const), name: eventName }),
  fc.record({ kind: fc.constant('timer' as const) }),
  fc.record({ kind: fc.constant('result' as const), ok: fc.boolean() }),
);
const scenario = fc.record({
  before: fc.array(later, { maxLength: 20 }),
  map: fc.tuple(...SOURCES.map(() => fc.constantFrom(...TARGETS))),
  after: fc.array(later, { maxLength: 15 }),
});
type Later = { kind: 'event'; name: string } | { kind: 'timer' } | { kind: 'result'; ok: boolean };

function dataOf(state: RunState): RunData {
  return (state.snapshot as { context: RunData }).context;
}

/** The concrete input for `state`: timers and results for its own pending timer and current visit. */
function concrete(step: Later, state: RunState, at: number, index: number): RunInput {
  const data = dataOf(state);
  const here = state.currentNodeId ?? '';
  switch (step.kind) {
    case 'event':
      return { type: 'event', event: { id: `e${index}`, name: step.name, properties: {}, at } };
    case 'timer':
      return { type: 'timer', nodeId: data.timer?.nodeId ?? here, visit: data.timer?.visit ?? 0 };
    case 'result':
      return { type: 'result', nodeId: here, visit: data.visits[here] ?? 0, ok: step.ok, data: { n: index } };
  }
}

function play(journey: CompiledJourney, first: StepResult, steps: Later[], start: number): StepResult[] {
  const results = [first];
  steps.forEach((step, index) => {
    const state = (results.at(-1) as StepResult).state;
    const at = start + (index + 1) * HOUR;
    results.push(stepRun(journey, state, concrete(step, state, at, index), { profile, now: at }));
  });
  return results;
}

/** What a step did, without what names the run and its visits (which differ by construction). */
function behaviour(results: StepResult[]) {
  return results.map(({ state, effects }) => ({
    status: state.status,
    at: state.currentNodeId,
    wakeAt: state.wakeAt,
    effects: effects
      .filter((effect) => effect.nodeId !== 'way-in')
      .map(({ key: _key, visit: _visit, runId: _run, ...rest }: Effect) => {
        const { timerId: _timer, ...kept } = rest as typeof rest & { timerId?: string };
        return kept;
      }),
  }));
}

function oldSegment(before: Later[]): StepResult[] {
  const start = startRun(v1, {
    runId: 'run',
    customerId: 'cus',
    triggerNodeId: 'start',
    event: trigger,
    profile,
    now: MONDAY,
  });
  return play(v1, start, before, MONDAY);
}

describe('migrating a run', () => {
  it('behaves from the mapped node on as a run that entered the new version there', () => {
    fc.assert(
      fc.property(scenario, ({ before, map, after }) => {
        const old = oldSegment(before);
        const waiting = (old.at(-1) as StepResult).state;
        const nodeMap = Object.fromEntries(SOURCES.map((source, index) => [source, map[index] as string]));
        const moved = migrateRun({ from: v1, to: v2, state: waiting, nodeMap, profile, now: MOVED_AT });
        const source = waiting.currentNodeId ?? '';
        if (waiting.status !== 'active' || !SOURCES.includes(source)) {
          expect(moved.moved).toBe(false);
          return;
        }
        if (!moved.moved) throw new Error(JSON.stringify(moved.diagnostics));
        const target = nodeMap[source] as string;
        const reference = startRun(enteredAt[target] as CompiledJourney, {
          runId: 'fresh',
          customerId: 'cus',
          triggerNodeId: 'way-in',
          event: trigger,
          profile,
          now: MOVED_AT,
        });
        const migrated = play(v2, { state: moved.state, effects: moved.effects }, after, MOVED_AT);
        const fresh = play(enteredAt[target] as CompiledJourney, reference, after, MOVED_AT);
        expect(behaviour(migrated)).toEqual(behaviour(fresh));
        expect(dataOf(moved.state).path.at(-1)).toBe(target);
        expect(moved.departure).toContainEqual(
          expect.objectContaining({ type: 'step', kind: 'left', nodeId: source, port: 'migrated' }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('keeps idempotency keys and timer ids unique across the old and the new segment', () => {
    fc.assert(
      fc.property(scenario, ({ before, map, after }) => {
        const old = oldSegment(before);
        const waiting = (old.at(-1) as StepResult).state;
        const nodeMap = Object.fromEntries(SOURCES.map((source, index) => [source, map[index] as string]));
        const moved = migrateRun({ from: v1, to: v2, state: waiting, nodeMap, profile, now: MOVED_AT });
        const effects = old.flatMap((result) => result.effects);
        if (moved.moved) {
          effects.push(...moved.departure);
          const next = play(v2, { state: moved.state, effects: moved.effects }, after, MOVED_AT);
          effects.push(...next.flatMap((result) => result.effects));
          // The old segment's pending timer, delivered late, changes nothing.
          const stale = dataOf(waiting).timer;
          if (stale) {
            const input: RunInput = { type: 'timer', nodeId: stale.nodeId, visit: stale.visit };
            expect(stepRun(v2, moved.state, input, { profile, now: MOVED_AT + HOUR }).effects).toEqual([]);
          }
        }
        const keys = effects.map((effect) => effect.key);
        expect(new Set(keys).size).toBe(keys.length);
        const timers = effects.flatMap((effect) =>
          effect.type === 'schedule-timer' ? [effect.timerId] : [],
        );
        expect(new Set(timers).size).toBe(timers.length);
      }),
      { numRuns: 200 },
    );
  });
});
