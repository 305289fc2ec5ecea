/**
 * Core benchmarks, one JSON line per figure, each against a baseline measured in the same run:
 * - compile-1000-nodes: compileJourney on a generated 1,000-node journey, against XState's own
 *   createMachine on the machine config it produced (target: ratio <= 3 and under 50 ms);
 * - engine-steps-per-second: startRun/stepRun on a realistic 40-step journey, each state read
 *   back from JSON text and written out again as the runtime stores it (restore, step, effects,
 *   serialize), against a bare XState transition loop on the same machine and the same inputs
 *   (target: ratio >= 0.6);
 * - simulate-10000-customers: a summary-only simulation of 10,000 customers through the seeded
 *   welcome series (signed up, five days on the virtual clock), against 100 times the same
 *   simulation of 100 customers: a ratio near 1 means the cost per customer stays flat at scale.
 */
import { type CompiledJourney, compileJourney, type RunContext, START_STATE } from '@stagecraft/compiler';
import { edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import {
  createSimulation,
  DEFAULT_SIMULATION_LIMITS,
  type Profile,
  type RunInput,
  type RunState,
  startRun,
  stepRun,
} from '@stagecraft/engine';
import { journeyTemplates } from '@stagecraft/journeys';
import { builtinRegistry } from '@stagecraft/nodes';
import { type AnyMachineSnapshot, createMachine, transition } from 'xstate';

const HOUR = 3_600_000;
const START = Date.UTC(2025, 0, 6, 9, 0);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function emit(
  bench: string,
  value: number,
  unit: string,
  baseline: number,
  extra: Record<string, unknown> = {},
) {
  const ratio = Math.round((value / baseline) * 100) / 100;
  console.log(
    JSON.stringify({
      bench,
      value: Math.round(value * 100) / 100,
      unit,
      baseline: Math.round(baseline * 100) / 100,
      ratio,
      ...extra,
    }),
  );
}

/** A journey of `size` steps: messages, waits, conditions, splits and profile updates in a line, with branches merging. */
export function generatedJourney(size: number) {
  const kinds = ['send', 'wait', 'condition', 'tag', 'split', 'update'] as const;
  const nodes = [node('n0', 'event-trigger', { event: 'user.signed_up' }, { stage: 'onboarding' })];
  const edges = [edge('n0', 'n1')];
  for (let i = 1; i < size - 2; i++) {
    const id = `n${i}`;
    const next = `n${i + 1}`;
    const stage = i < size / 2 ? 'onboarding' : 'engagement';
    switch (kinds[i % kinds.length]) {
      case 'send':
        nodes.push(
          node(
            id,
            'send-message',
            {
              channel: 'email',
              name: `Email ${i}`,
              subject: 'Hi {{ profile.first_name | "there" }}',
              body: `Step ${i}`,
            },
            { stage },
          ),
        );
        edges.push(edge(id, next));
        break;
      case 'wait':
        nodes.push(node(id, 'wait', { mode: 'duration', duration: { amount: 1, unit: 'hours' } }, { stage }));
        edges.push(edge(id, next));
        break;
      case 'condition':
        nodes.push(
          node(
            id,
            'condition',
            {
              rules: {
                any: [
                  { field: 'profile.plan', operator: 'equals', value: 'pro' },
                  { eventCount: { event: 'app.opened' }, operator: 'greater_or_equal', value: 2 },
                ],
              },
            },
            { stage },
          ),
        );
        edges.push(edge(id, next, 'yes'), edge(id, next, 'no'));
        break;
      case 'tag':
        nodes.push(node(id, 'tag', { op: 'add', tag: `step-${i}` }, { stage }));
        edges.push(edge(id, next));
        break;
      case 'split':
        nodes.push(
          node(
            id,
            'random-split',
            {
              arms: [
                { id: 'a', label: 'A', weight: 50 },
                { id: 'b', label: 'B', weight: 50 },
              ],
            },
            { stage },
          ),
        );
        edges.push(edge(id, next, 'a'), edge(id, next, 'b'));
        break;
      case 'update':
        nodes.push(
          node(id, 'update-profile', { set: [{ field: 'last_step', value: i }], unset: [] }, { stage }),
        );
        edges.push(edge(id, next));
        break;
    }
  }
  nodes.push(node(`n${size - 2}`, 'exit'), node('goal', 'goal', { event: 'order.completed' }));
  return journeyDoc(nodes, edges, {
    stages: [
      { id: 'onboarding', name: 'Onboarding', color: '#8b5cf6', order: 0 },
      { id: 'engagement', name: 'Engagement', color: '#10b981', order: 1 },
    ],
    settings: { exitEvents: [{ event: 'account.deleted' }] },
  });
}

function compileOrThrow(document: unknown): CompiledJourney {
  const result = compileJourney(document, builtinRegistry, { journeyId: 'bench', version: 1 });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.journey;
}

function benchCompile() {
  const document = generatedJourney(1_000);
  const ours: number[] = [];
  const xstate: number[] = [];
  // The config the compiled machine runs (the definition's executable form), as XState received it.
  const definition = compileOrThrow(document).machine.config;
  // Alternate which goes first, so neither side always pays for the other's garbage collection.
  for (let round = 0; round < 110; round++) {
    const measure = (work: () => unknown) => {
      const started = performance.now();
      work();
      return performance.now() - started;
    };
    const order = round % 2 === 0;
    const first = order
      ? measure(() => compileOrThrow(document))
      : measure(() => createMachine(definition as never));
    const second = order
      ? measure(() => createMachine(definition as never))
      : measure(() => compileOrThrow(document));
    if (round >= 10) {
      ours.push(order ? first : second);
      xstate.push(order ? second : first);
    }
  }
  emit('compile-1000-nodes', median(ours), 'ms', median(xstate), { nodes: document.nodes.length });
}

/** Steps per second over one run's realistic inputs: entry, a timer per wait, and events in between. */
function benchSteps() {
  const journey = compileOrThrow(generatedJourney(40));
  const profile: Profile = {
    customerId: 'c',
    traits: { first_name: 'Ada', plan: 'free', email: 'ada@example.com' },
    stage: null,
    timeZone: 'Europe/Berlin',
    tags: [],
  };
  const script: { input: RunInput | null; at: number }[] = [];
  // Record one run's inputs with the engine itself, so both loops replay the same sequence.
  let state = startRun(journey, {
    runId: 'r',
    customerId: 'c',
    triggerNodeId: 'n0',
    event: null,
    profile,
    now: START,
  }).state;
  let now = START;
  script.push({ input: null, at: now });
  while (state.status === 'active' && state.wakeAt !== null) {
    now += 10 * 60_000;
    const event: RunInput = {
      type: 'event',
      event: { id: `e${now}`, name: 'app.opened', properties: {}, at: now },
    };
    script.push({ input: event, at: now });
    state = stepRun(journey, state, event, { profile, now }).state;
    now = state.wakeAt ?? now + HOUR;
    const timer: RunInput = { type: 'timer', nodeId: state.currentNodeId ?? '', visit: 1 };
    script.push({ input: timer, at: now });
    state = stepRun(journey, state, timer, { profile, now }).state;
  }

  // Ours stores each state as JSON text and reads it back before the next step, as the runtime does.
  const runOurs = (runs: number) => {
    let steps = 0;
    for (let r = 0; r < runs; r++) {
      let stored = '';
      for (const { input, at } of script) {
        const state =
          input === null
            ? startRun(journey, {
                runId: `r${r}`,
                customerId: `c${r}`,
                triggerNodeId: 'n0',
                event: null,
                profile,
                now: at,
              }).state
            : stepRun(journey, JSON.parse(stored) as RunState, input, { profile, now: at }).state;
        stored = JSON.stringify(state);
        steps++;
      }
    }
    return steps;
  };
  const runBare = (runs: number) => {
    let steps = 0;
    for (let r = 0; r < runs; r++) {
      const context: RunContext = {
        ...(journey.definition.context as RunContext),
        run: { runId: `r${r}`, customerId: `c${r}`, journeyId: 'bench' },
        profile,
        enteredAt: START,
      };
      let snapshot: AnyMachineSnapshot = journey.machine.resolveState({ value: START_STATE, context });
      // The clock stays at the start: advancing it would cost a snapshot copy per step here.
      for (const { input } of script) {
        const event = input === null ? { type: 'enter', triggerNodeId: 'n0', event: null } : input;
        snapshot = transition(journey.machine, snapshot, event)[0];
        steps++;
      }
    }
    return steps;
  };

  const rate = (loop: (runs: number) => number) => {
    const started = performance.now();
    const steps = loop(20);
    return steps / ((performance.now() - started) / 1000);
  };
  // Short alternating rounds, so both loops see the same machine load.
  const ours: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < 300; round++) {
    const [first, second] = round % 2 === 0 ? [runOurs, runBare] : [runBare, runOurs];
    const a = rate(first);
    const b = rate(second);
    if (round < 50) continue;
    ours.push(first === runOurs ? a : b);
    bare.push(first === runOurs ? b : a);
  }
  emit('engine-steps-per-second', median(ours), 'steps/s', median(bare), { stepsPerRun: script.length });
}

/** Milliseconds for a summary-only simulation of `customers` through the welcome series. */
function simulateWelcome(journey: CompiledJourney, customers: number): number {
  const started = performance.now();
  const simulation = createSimulation(journey, {
    start: START,
    keepEffects: false,
    // The server's limits for 10,000 customers: 200 steps and timers per customer.
    budget: { limits: { steps: customers * 200, timers: customers * 200 } },
  });
  for (let i = 0; i < customers; i++)
    simulation.identify(`c${i}`, { first_name: `C${i}`, email: `c${i}@x.io` });
  for (let i = 0; i < customers; i++) simulation.track(`c${i}`, 'user.signed_up');
  for (let i = 0; i < customers; i += 2) simulation.track(`c${i}`, 'project.created');
  simulation.advance(5 * 24 * HOUR);
  const summary = simulation.summary();
  if (summary.runs.completed !== customers) throw new Error(`expected ${customers} completed runs`);
  return performance.now() - started;
}

function benchSimulation() {
  const template = journeyTemplates.find((candidate) => candidate.id === 'welcome-series');
  const journey = compileOrThrow(template?.document);
  if (DEFAULT_SIMULATION_LIMITS.steps > 10_000 * 200) throw new Error('limits changed; update the bench');
  simulateWelcome(journey, 1_000); // warm-up
  const large: number[] = [];
  const small: number[] = [];
  for (let round = 0; round < 3; round++) {
    large.push(simulateWelcome(journey, 10_000));
    const hundreds: number[] = [];
    for (let i = 0; i < 20; i++) hundreds.push(simulateWelcome(journey, 100));
    small.push(median(hundreds) * 100);
  }
  const value = median(large);
  emit('simulate-10000-customers', value, 'ms', median(small), {
    customers: 10_000,
    perCustomerUs: Math.round((value / 10_000) * 1000),
  });
}

const only = process.argv[2];
if (process.argv[1]?.endsWith('core.bench.ts')) {
  if (!only || only === 'compile') benchCompile();
  if (!only || only === 'steps') benchSteps();
  if (!only || only === 'simulate') benchSimulation();
}
