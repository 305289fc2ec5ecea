import { describe, expect, it } from 'vitest';
import { executableConfig } from './machine-config';

const act = (type: string, nodeId: string) => ({ type, params: { nodeId } });
const batch = (...actions: ReturnType<typeof act>[]) => [{ type: 'batch', params: { actions } }];

function definition(): Record<string, unknown> {
  return {
    id: 'journey',
    initial: '__start',
    context: {},
    states: {
      __start: { on: { enter: [{ guard: { type: 'isTrigger' }, target: 'a' }] } },
      a: { entry: [act('enter', 'a')], always: [{ target: 'b', actions: [act('leave', 'a')] }] },
      b: {
        tags: ['stage:x'],
        entry: [act('enter', 'b')],
        exit: [act('clearTimer', 'b')],
        on: {
          timer: [{ target: 'c', actions: [act('leave', 'b')] }],
          event: [{ target: 'b', actions: [act('leave', 'b')] }],
          result: [{ target: 'b', reenter: true, actions: [act('leave', 'b')] }],
        },
      },
      c: { type: 'final', entry: [act('enter', 'c'), act('finish', 'c')] },
    },
  };
}

interface State {
  type?: string;
  tags?: string[];
  entry?: unknown[];
  exit?: unknown[];
  on?: Record<string, { target: string }[]>;
  always?: { target: string }[];
}
type States = Record<string, State>;

describe('executableConfig', () => {
  it('carries exit, transition and entry actions as one batch, through states left at once', () => {
    const states = executableConfig(definition()).states as States;
    expect(states.__start?.on).toEqual({
      enter: [
        {
          guard: { type: 'isTrigger' },
          target: 'b',
          actions: batch(act('enter', 'a'), act('leave', 'a'), act('enter', 'b')),
        },
      ],
    });
    expect(states.b?.on?.timer).toEqual([
      {
        target: 'c',
        actions: batch(act('clearTimer', 'b'), act('leave', 'b'), act('enter', 'c'), act('finish', 'c')),
      },
    ]);
    for (const state of Object.values(states)) {
      expect(state.entry).toBeUndefined();
      expect(state.exit).toBeUndefined();
    }
    expect(states.b?.tags).toEqual(['stage:x']);
    expect(states.c?.type).toBe('final');
  });

  it('leaves and enters nothing on a way back without reenter, and everything on one with it', () => {
    const on = (executableConfig(definition()).states as States).b?.on;
    expect(on?.event).toEqual([{ target: 'b', actions: batch(act('leave', 'b')) }]);
    expect(on?.result).toEqual([
      {
        target: 'b',
        reenter: true,
        actions: batch(act('clearTimer', 'b'), act('leave', 'b'), act('enter', 'b')),
      },
    ]);
  });

  it('goes through a bounded number of states, and does not change the definition', () => {
    const states: States = { __start: { on: { enter: [{ target: 's0' }] } } };
    for (let i = 0; i < 40; i++) {
      states[`s${i}`] = { entry: [act('enter', `s${i}`)], always: [{ target: `s${i + 1}` }] };
    }
    states.s40 = { type: 'final' };
    const source = { id: 'journey', initial: '__start', states };
    const before = JSON.stringify(source);
    const fused = executableConfig(source).states as States;
    expect(fused.__start?.on?.enter?.[0]?.target).toBe('s16');
    expect(JSON.stringify(source)).toBe(before);
  });
});
