import { chain, journeyDoc, node } from '@stagecraft/compiler/testing';
import { ApiTriggerConfigSchema, builtinNodeTypes, builtinRegistry } from '@stagecraft/nodes';
import { createRegistry, defineNodeType } from '@stagecraft/sdk';
import { describe, expect, it } from 'vitest';
import { checkNodeMap, migrateRun } from './migrate-run';
import { startRun } from './start-run';
import { stepRun } from './step-run';
import { compileForTest, DAY, HOUR, MONDAY, profileOf } from './test-support';

const wait = (days: number) => ({ mode: 'duration', duration: { amount: days, unit: 'days' } });
const email = (body: string) => ({ channel: 'email', name: 'Mail', subject: 'Hi', body });

/** Sign-up -> hello -> wait N days -> after; version 2 waits one day and says something else after. */
const version = (number: number, days: number, after: string) =>
  compileForTest(
    journeyDoc(
      [
        node('signup', 'event-trigger', { event: 'user.signed_up' }),
        node('hello', 'send-message', email('Hello')),
        node('pause', 'wait', wait(days), { stage: 'onboarding' }),
        node('after', 'send-message', email(after)),
      ],
      chain('signup', 'hello', 'pause', 'after'),
      { stages: [{ id: 'onboarding', name: 'Onboarding', color: '#8b5cf6', order: 0 }] },
    ),
    builtinRegistry,
    'nurture',
    number,
  );
const v1 = version(1, 3, 'Later');
const v2 = version(2, 1, 'Sooner');
const ada = profileOf('ada', { email: 'ada@example.com' });

function waitingRun() {
  return startRun(v1, {
    runId: 'run-1',
    customerId: 'ada',
    triggerNodeId: 'signup',
    event: { id: 'e1', name: 'user.signed_up', properties: {}, at: MONDAY },
    profile: ada,
    now: MONDAY,
  }).state;
}

describe('migrateRun', () => {
  it('moves a waiting run: it leaves by "migrated", its old timer is cancelled, the new wait starts now', () => {
    const now = MONDAY + HOUR;
    const profile = { ...ada, stage: 'onboarding' };
    const moved = migrateRun({
      from: v1,
      to: v2,
      state: waitingRun(),
      nodeMap: { pause: 'pause' },
      profile,
      now,
    });
    if (!moved.moved) throw new Error(JSON.stringify(moved.diagnostics));
    expect(moved.departure).toEqual([
      expect.objectContaining({ type: 'step', kind: 'left', port: 'migrated', key: 'run-1:pause:1:left' }),
      expect.objectContaining({
        type: 'cancel-timer',
        timerId: 'run-1:pause:1',
        key: 'run-1:pause:1:cancel',
      }),
    ]);
    // The second visit of "pause" in the run's life: its keys are new, the stage is already set.
    expect(moved.effects).toEqual([
      expect.objectContaining({
        type: 'step',
        kind: 'entered',
        nodeId: 'pause',
        key: 'run-1:pause:2:entered',
      }),
      expect.objectContaining({ type: 'schedule-timer', timerId: 'run-1:pause:2', fireAt: now + DAY }),
    ]);
    expect(moved.state).toMatchObject({ version: 2, status: 'active', enteredAt: MONDAY, wakeAt: now + DAY });

    const fired = stepRun(
      v2,
      moved.state,
      { type: 'timer', nodeId: 'pause', visit: 2 },
      { profile, now: now + DAY },
    );
    expect(fired.effects).toContainEqual(expect.objectContaining({ type: 'send', body: 'Sooner' }));
    expect(fired.state.status).toBe('completed');
  });

  it('names the node at fault when the map or the run does not allow the move', () => {
    const state = waitingRun();
    const move = (nodeMap: Record<string, string>) =>
      migrateRun({ from: v1, to: v2, state, nodeMap, profile: ada, now: MONDAY });
    expect(move({ pause: 'after' })).toEqual({
      moved: false,
      diagnostics: [expect.objectContaining({ code: 'target-not-waiting', nodeId: 'pause' })],
    });
    expect(move({ pause: 'gone' })).toMatchObject({
      diagnostics: [{ code: 'unknown-target-node', nodeId: 'pause' }],
    });
    expect(move({ hello: 'pause' })).toMatchObject({
      diagnostics: [{ code: 'not-mapped', nodeId: 'pause' }],
    });
    const ended = { ...state, status: 'completed' as const };
    expect(
      migrateRun({ from: v1, to: v2, state: ended, nodeMap: { pause: 'pause' }, profile: ada, now: MONDAY }),
    ).toMatchObject({ diagnostics: [{ code: 'run-not-waiting' }] });
    expect(
      migrateRun({ from: v2, to: v1, state, nodeMap: { pause: 'pause' }, profile: ada, now: MONDAY }),
    ).toMatchObject({ diagnostics: [{ code: 'wrong-version', nodeId: 'pause' }] });
    const corrupt = { ...state, snapshot: { value: 'hello', context: null } };
    expect(
      migrateRun({
        from: v1,
        to: v2,
        state: corrupt,
        nodeMap: { pause: 'pause' },
        profile: ada,
        now: MONDAY,
      }),
    ).toMatchObject({ diagnostics: [{ code: 'corrupt-run', nodeId: 'pause' }] });
  });

  it('checks a whole map, entry by entry, with messages that say what to map to', () => {
    expect(checkNodeMap(v1, v2, { pause: 'pause' })).toEqual([]);
    expect(checkNodeMap(v1, v2, { nowhere: 'hello', pause: 'missing' })).toEqual([
      expect.objectContaining({ nodeId: 'nowhere', message: 'version 1 has no node "nowhere"' }),
      expect.objectContaining({ nodeId: 'nowhere', message: expect.stringContaining('map to a wait') }),
      expect.objectContaining({ nodeId: 'pause', message: 'version 2 has no node "missing"' }),
    ]);
  });

  it('refuses a target the run would leave at once, and moves the runs it holds', () => {
    // A plugin step where customers wait a day, unless they are VIPs, who go on at once.
    const gate = defineNodeType({
      type: 'vip-gate',
      version: 1,
      title: 'VIP gate',
      description: 'Waits a day unless the customer is a VIP.',
      category: 'flow',
      icon: 'clock',
      configSchema: ApiTriggerConfigSchema,
      defaults: {},
      ports: [{ id: 'out', label: 'Next' }],
      compile: () => ({
        exits: [
          {
            on: 'always',
            port: 'out',
            guard: {
              type: 'rules',
              rules: { all: [{ field: 'profile.plan', operator: 'equals', value: 'vip' }] },
            },
          },
          { on: 'timer', port: 'out', timer: { kind: 'duration', seconds: 86_400 } },
        ],
      }),
      summary: () => 'VIP gate',
    });
    const gated = compileForTest(
      journeyDoc(
        [
          node('signup', 'event-trigger', { event: 'user.signed_up' }),
          node('gate', 'vip-gate'),
          node('after', 'send-message', email('After')),
        ],
        chain('signup', 'gate', 'after'),
      ),
      createRegistry([...builtinNodeTypes, gate]),
      'nurture',
      2,
    );
    const move = (plan: string) =>
      migrateRun({
        from: v1,
        to: gated,
        state: waitingRun(),
        nodeMap: { pause: 'gate' },
        profile: profileOf('ada', { plan }),
        now: MONDAY,
      });
    expect(move('vip')).toEqual({
      moved: false,
      diagnostics: [
        expect.objectContaining({
          code: 'target-refused',
          nodeId: 'pause',
          message: expect.stringContaining('would not hold the run'),
        }),
      ],
    });
    expect(move('basic')).toMatchObject({ moved: true, state: { status: 'active', currentNodeId: 'gate' } });
  });
});
