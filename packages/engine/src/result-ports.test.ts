import { edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { builtinNodeTypes } from '@stagecraft/nodes';
import { createRegistry, defineNodeType } from '@stagecraft/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startRun } from './start-run';
import { stepRun } from './step-run';
import { compileForTest, MONDAY, profileOf } from './test-support';
import type { Effect, RunInput } from './types';

/** A step whose `execute` answers on one of three ports, as a lead scorer does. */
const grade = defineNodeType({
  type: 'acme/grade',
  version: 1,
  title: 'Grade',
  description: 'Grades a lead.',
  category: 'action',
  icon: 'gauge',
  configSchema: z.object({}),
  defaults: {},
  ports: [
    { id: 'hot', label: 'Hot' },
    { id: 'cold', label: 'Cold' },
    { id: 'failure', label: 'Failed' },
  ],
  compile: () => ({
    actions: [{ type: 'plugin', params: {} }],
    exits: [
      { on: 'result', ok: true, port: 'hot' },
      { on: 'result', ok: true, port: 'cold' },
      { on: 'result', ok: false, port: 'failure' },
    ],
  }),
});

const journey = compileForTest(
  journeyDoc(
    [
      node('start', 'api-trigger'),
      node('grade', 'acme/grade', {}),
      node('hot', 'send-message', { channel: 'sms', name: 'Hot', body: 'hot' }),
      node('cold', 'send-message', { channel: 'sms', name: 'Cold', body: 'cold' }),
      node('failed', 'send-message', { channel: 'sms', name: 'Failed', body: 'failed' }),
    ],
    [
      edge('start', 'grade'),
      edge('grade', 'hot', 'hot'),
      edge('grade', 'cold', 'cold'),
      edge('grade', 'failed', 'failure'),
    ],
  ),
  createRegistry([...builtinNodeTypes, grade]),
);
const erin = profileOf('erin', { phone: '+331234' });
const sent = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'send' ? [e.messageName] : []));

describe('a result that picks a port', () => {
  const started = startRun(journey, {
    runId: 'run-erin',
    customerId: 'erin',
    triggerNodeId: 'start',
    event: null,
    profile: erin,
    now: MONDAY,
  });
  const answer = (input: Partial<Extract<RunInput, { type: 'result' }>>) =>
    sent(
      stepRun(
        journey,
        started.state,
        { type: 'result', nodeId: 'grade', visit: 1, ok: true, ...input },
        {
          profile: erin,
          now: MONDAY,
        },
      ).effects,
    );

  it('asks for the plugin effect with its type and version', () => {
    expect(started.effects.find((e) => e.type === 'plugin')).toMatchObject({
      nodeType: 'acme/grade',
      nodeTypeVersion: 1,
    });
  });

  it('continues on the port the result names', () => {
    expect(answer({ port: 'cold' })).toEqual(['Cold']);
    expect(answer({ port: 'hot' })).toEqual(['Hot']);
  });

  it('takes the first port for its outcome when the result names none', () => {
    expect(answer({})).toEqual(['Hot']);
    expect(answer({ ok: false })).toEqual(['Failed']);
  });

  it('lets the named port decide over the outcome', () => {
    expect(answer({ ok: false, port: 'cold' })).toEqual(['Cold']);
  });

  it('stays put when the named port is not one of the result exits of the node', () => {
    expect(answer({ port: 'lukewarm' })).toEqual([]);
  });
});
