import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { compileJourney } from './compile-journey';
import { chain, edge, journeyDoc, node } from './testing';

const options = { journeyId: 'welcome', version: 1 };
const compile = (document: unknown) => compileJourney(document, builtinRegistry, options);

const email = (name: string) => ({
  channel: 'email',
  name,
  subject: 'Hi {{ profile.first_name | "there" }}',
  body: 'Hello',
});
const wait = (amount: number) => ({ mode: 'duration', duration: { amount, unit: 'days' } });

/** Sign-up -> welcome email -> wait 2 days -> "bought?" -> tips or nudge; a purchase converts at once. */
const welcome = journeyDoc(
  [
    node('signup', 'event-trigger', { event: 'user.signed_up' }, { stage: 'onboarding' }),
    node('welcome', 'send-message', email('Welcome'), { stage: 'onboarding', label: 'Welcome email' }),
    node('pause', 'wait', wait(2), { stage: 'onboarding' }),
    node('bought', 'condition', {
      rules: { all: [{ eventCount: { event: 'order.completed' }, operator: 'greater_or_equal', value: 1 }] },
    }),
    node('tips', 'send-message', email('Tips'), { stage: 'engagement' }),
    node('nudge', 'send-message', email('Nudge')),
    node('done', 'exit'),
    node('purchased', 'goal', { event: 'order.completed' }),
  ],
  [
    ...chain('signup', 'welcome', 'pause', 'bought'),
    edge('bought', 'tips', 'yes'),
    edge('bought', 'nudge', 'no'),
    edge('tips', 'done'),
    edge('nudge', 'done'),
  ],
  {
    stages: [
      { id: 'onboarding', name: 'Onboarding', color: '#8b5cf6', order: 0 },
      { id: 'engagement', name: 'Engagement', color: '#10b981', order: 1 },
    ],
    settings: { exitEvents: [{ event: 'account.deleted' }] },
  },
);

type StateConfig = {
  tags?: string[];
  type?: string;
  entry?: { type: string; params: Record<string, unknown> }[];
  exit?: { type: string }[];
  on?: Record<string, { target: string; guard?: { type: string } }[]>;
  always?: { target: string; guard?: { type: string } }[];
};

function compiled() {
  const result = compile(welcome);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.journey;
}

describe('compileJourney: the machine', () => {
  it('builds one state per node, a start state entering the triggers, and final states for the ends', () => {
    const journey = compiled();
    const states = journey.definition.states as Record<string, StateConfig>;
    expect(Object.keys(states)).toEqual([
      '__start',
      'signup',
      'welcome',
      'pause',
      'bought',
      'tips',
      'nudge',
      'done',
      'purchased',
      '__completed',
      '__exited',
      '__converted',
    ]);
    expect(journey.definition.initial).toBe('__start');
    expect(states.__start?.on?.enter?.map((t) => t.target)).toEqual(['signup']);
    expect(states.done?.type).toBe('final');
    expect(states.purchased?.type).toBe('final');
    expect(journey.machine.id).toBe('journey');
  });

  it('tags states with their lifecycle stage', () => {
    const states = compiled().definition.states as Record<string, StateConfig>;
    expect(states.welcome?.tags).toEqual(['stage:onboarding']);
    expect(states.tips?.tags).toEqual(['stage:engagement']);
    expect(states.nudge?.tags).toBeUndefined();
  });

  it('compiles waits to a durable timer request and an external timer event, never XState delays', () => {
    const journey = compiled();
    const pause = (journey.definition.states as Record<string, StateConfig>).pause;
    expect(pause?.entry?.map((action) => action.type)).toEqual(['enter', 'schedule']);
    expect(pause?.entry?.[1]?.params.timer).toEqual({ kind: 'duration', seconds: 2 * 86_400 });
    expect(pause?.on?.timer?.[0]).toMatchObject({ target: 'bought', guard: { type: 'timer' } });
    expect(pause?.exit?.map((action) => action.type)).toEqual(['clearTimer']);
    expect(JSON.stringify(journey.definition)).not.toContain('"after"');
  });

  it('puts goals and exit events in every state a run can rest in, and only there', () => {
    const states = compiled().definition.states as Record<string, StateConfig>;
    expect(states.pause?.on?.event?.map((t) => t.target)).toEqual(['purchased', '__exited']);
    expect(states.welcome?.on).toBeUndefined();
    expect(states.bought?.always?.map((t) => t.guard?.type ?? 'else')).toEqual(['rules', 'else']);
  });

  it('refers to actions by name with serializable params', () => {
    const journey = compiled();
    expect(JSON.parse(JSON.stringify(journey.definition))).toEqual(journey.definition);
    const welcomeState = (journey.definition.states as Record<string, StateConfig>).welcome;
    expect(welcomeState?.entry?.[1]).toMatchObject({
      type: 'request',
      params: {
        nodeId: 'welcome',
        index: 0,
        spec: { type: 'send', channel: 'email', messageName: 'Welcome' },
      },
    });
  });

  it('describes nodes, triggers and tracked events for the engine', () => {
    const journey = compiled();
    expect(journey.triggers).toEqual([
      { nodeId: 'signup', spec: { kind: 'event', match: { event: 'user.signed_up', where: [] } } },
    ]);
    expect(journey.nodes.bought).toMatchObject({
      type: 'condition',
      waits: false,
      ports: { yes: 'tips', no: 'nudge' },
    });
    expect(journey.nodes.pause).toMatchObject({ waits: true, stage: 'onboarding', ports: { out: 'bought' } });
    expect(journey.trackedEvents).toEqual(['order.completed']);
  });

  it('is deterministic: the same document gives the same definition and hash', () => {
    const first = compiled();
    const second = compileJourney(JSON.parse(JSON.stringify(welcome)), builtinRegistry, options);
    if (!second.ok) throw new Error('did not compile');
    expect(second.journey.definition).toEqual(first.definition);
    expect(second.journey.hash).toBe(first.hash);
    const renamed = compile({ ...welcome, name: 'Welcome, again' });
    expect(renamed.ok && renamed.journey.hash).not.toBe(first.hash);
  });
});

describe('compileJourney: marketer-readable diagnostics', () => {
  const codes = (document: unknown) =>
    compile(document).diagnostics.map(
      (d) => `${d.severity}:${d.code}:${d.nodeId ?? d.edgeId ?? d.path ?? ''}`,
    );

  it('refuses documents that are not journeys, never throwing', () => {
    for (const input of [null, 'journey', 42, [], { name: '' }, { name: 'x', nodes: 'many', edges: [] }]) {
      const result = compile(input);
      expect(result.ok).toBe(false);
      expect(result.diagnostics.length).toBeGreaterThan(0);
    }
  });

  it('names unknown step types and versions from the future', () => {
    const document = journeyDoc(
      [
        node('start', 'api-trigger'),
        node('score', 'acme/score-lead'),
        node('later', 'wait', wait(1), { typeVersion: 7 }),
      ],
      chain('start', 'score', 'later'),
    );
    const result = compile(document);
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'unknown-node-type',
        nodeId: 'score',
        message: expect.stringContaining('"acme/score-lead"'),
      }),
    );
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'unknown-node-version',
        nodeId: 'later',
        message: expect.stringContaining('version 7'),
      }),
    );
  });

  it('points at the config field that fails its schema or the node check', () => {
    const document = journeyDoc(
      [
        node('start', 'api-trigger'),
        node('mail', 'send-message', { channel: 'email', name: 'Hi', body: '' }),
        node('pause', 'wait', { mode: 'duration', duration: { amount: 0, unit: 'days' } }),
      ],
      chain('start', 'mail', 'pause'),
    );
    const diagnostics = compile(document).diagnostics.filter((d) => d.code === 'invalid-config');
    expect(diagnostics.map((d) => `${d.nodeId} ${d.path}`)).toEqual(
      expect.arrayContaining(['mail config.body', 'pause config.duration.amount']),
    );
    expect(diagnostics.find((d) => d.nodeId === 'mail')?.message).toMatch(
      /^The "Send message" step: "body" must not be empty/,
    );
    // The editor puts the problem under its field from the detail, in the words its own check uses.
    expect(diagnostics.find((d) => d.nodeId === 'mail')?.detail).toEqual({
      kind: 'config',
      path: 'body',
      problem: 'Fill this in.',
    });
    expect(diagnostics.find((d) => d.nodeId === 'pause')?.detail).toMatchObject({
      kind: 'config',
      path: 'duration.amount',
    });
  });

  it('gives node checks, ports and missing types a structured detail', () => {
    const document = journeyDoc(
      [
        node('start', 'api-trigger'),
        node('check', 'condition', { rules: { all: [{ field: 'profile.score', operator: 'less_than' }] } }),
        node('odd', 'acme/unknown'),
      ],
      [edge('start', 'check'), edge('check', 'odd', 'maybe')],
    );
    const details = compile(document).diagnostics.map((d) => d.detail);
    expect(details).toEqual(
      expect.arrayContaining([
        {
          kind: 'config',
          path: 'rules.all.0.value',
          problem: '"profile.score" less_than needs a single value to compare with.',
        },
        { kind: 'port', nodeId: 'check', port: 'maybe' },
        { kind: 'port', nodeId: 'check', port: 'yes' },
        { kind: 'node-type', type: 'acme/unknown', version: 1 },
      ]),
    );
  });

  it('names a labelled step by its label and an unlabelled one by what it is, never by its id', () => {
    const document = journeyDoc(
      [
        node('start', 'api-trigger'),
        node('n1', 'send-message', email('Welcome')),
        node('n2', 'send-message', email('Reminder')),
        node('n3', 'wait', wait(1), { label: 'Cool off' }),
        node('n4', 'tag', { op: 'add', tag: 'x' }, { stage: 'nowhere' }),
      ],
      [edge('start', 'n1'), edge('n1', 'n2'), edge('n2', 'n3'), edge('n3', 'n4'), edge('n3', 'n9')],
    );
    const messages = compile(document).diagnostics.map((d) => d.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Output "Next" of the "Add or remove tag" step (Add tag "x") is not connected; customers who leave there complete the journey.',
        expect.stringMatching(/^A connection from "Cool off" leads to a step that does not exist/),
        expect.stringMatching(/^The stage "nowhere" of the "Add or remove tag" step is not one/),
      ]),
    );
    const wired = journeyDoc(document.nodes.slice(0, 4), [edge('start', 'n1')]);
    const names = compile(wired).diagnostics.map((d) => d.message);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Output "Next" of the "Send message" step (Email: Welcome) is not connected'),
        expect.stringMatching(/^The "Send message" step \(Email: Reminder\) can never be reached/),
        expect.stringMatching(/^Step "Cool off" can never be reached/),
      ]),
    );
    for (const message of [...messages, ...names]) expect(message).not.toMatch(/"n\d"/);
  });

  it('requires a trigger', () => {
    expect(codes(journeyDoc([node('pause', 'wait', wait(1))], []))).toContain('error:no-trigger:');
    expect(codes(journeyDoc([], []))).toContain('error:no-trigger:');
  });

  it('reports connections the graph cannot have', () => {
    const document = journeyDoc(
      [
        node('start', 'api-trigger'),
        node('check', 'condition', {
          rules: { all: [{ field: 'profile.plan', operator: 'equals', value: 'pro' }] },
        }),
        node('a', 'exit'),
        node('b', 'exit'),
        node('other', 'event-trigger', { event: 'x' }),
      ],
      [
        edge('start', 'check'),
        edge('check', 'a', 'yes'),
        edge('check', 'b', 'yes'),
        edge('check', 'a', 'maybe'),
        edge('a', 'other'),
        edge('check', 'ghost', 'no'),
      ],
    );
    const found = codes(document);
    expect(found).toEqual(
      expect.arrayContaining([
        'error:port-has-several-edges:check',
        'error:unknown-port:check',
        'error:unknown-port:a',
        'error:edge-into-trigger:other',
        'error:dangling-edge:check--no--ghost',
      ]),
    );
  });

  it('warns about unconnected outputs and unreachable steps, but still compiles', () => {
    const document = journeyDoc(
      [
        node('start', 'api-trigger'),
        node('pause', 'wait', wait(1)),
        node('lonely', 'send-message', email('Lonely')),
      ],
      chain('start', 'pause'),
    );
    const result = compile(document);
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => `${d.severity}:${d.code}:${d.nodeId}`)).toEqual([
      'warning:unconnected-port:pause',
      'warning:unconnected-port:lonely',
      'warning:unreachable-node:lonely',
    ]);
    expect(result.diagnostics[0]?.message).toContain('complete the journey');
  });

  it('rejects a loop with no wait in it, and accepts one through a wait', () => {
    const rules = { all: [{ field: 'profile.plan', operator: 'equals', value: 'pro' }] };
    const loop = journeyDoc(
      [
        node('start', 'api-trigger'),
        node('check', 'condition', { rules }),
        node('tag', 'tag', { op: 'add', tag: 'x' }),
        node('end', 'exit'),
      ],
      [edge('start', 'check'), edge('check', 'tag', 'yes'), edge('tag', 'check'), edge('check', 'end', 'no')],
    );
    const result = compile(loop);
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'cycle-without-wait',
        nodeId: 'check',
        message: expect.stringContaining(
          'The loop through the "Yes/No condition" step (If plan = "pro") and the "Add or remove tag" step (Add tag "x") has no wait',
        ),
        detail: { kind: 'cycle-without-wait', nodeIds: ['check', 'tag'] },
      }),
    );
    const withWait = journeyDoc(
      [...loop.nodes, node('pause', 'wait', wait(1))],
      [
        edge('start', 'check'),
        edge('check', 'tag', 'yes'),
        edge('tag', 'pause'),
        edge('pause', 'check'),
        edge('check', 'end', 'no'),
      ],
    );
    expect(compile(withWait).ok).toBe(true);
  });

  it('names every step of a long loop in its detail, and counts the ones the sentence leaves out', () => {
    const ids = ['t1', 't2', 't3', 't4', 't5', 't6', 't7'];
    const document = journeyDoc(
      [node('start', 'api-trigger'), ...ids.map((id) => node(id, 'tag', { op: 'add', tag: id }))],
      [edge('start', 't1'), ...ids.map((id, index) => edge(id, ids[(index + 1) % ids.length] as string))],
    );
    const loops = compile(document).diagnostics.filter((d) => d.code === 'cycle-without-wait');
    expect(loops).toHaveLength(1);
    expect(loops[0]?.detail).toEqual({ kind: 'cycle-without-wait', nodeIds: ids });
    expect(loops[0]?.message).toContain('and 2 more has no wait');
  });

  it('warns that a goal can never be met when no one ever waits', () => {
    const document = journeyDoc(
      [
        node('start', 'api-trigger'),
        node('mail', 'send-message', email('Hi')),
        node('end', 'exit'),
        node('won', 'goal', { event: 'order.completed' }),
      ],
      chain('start', 'mail', 'end'),
    );
    expect(codes(document)).toEqual(['warning:goal-unreachable:won']);
  });

  it('reserves ids starting with "__" for the machine', () => {
    expect(codes(journeyDoc([node('__start', 'api-trigger')], []))).toContain('error:reserved-id:__start');
  });
});
