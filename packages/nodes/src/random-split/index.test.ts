import { portsOf } from '@stagecraft/sdk';
import { describe, expect, it } from 'vitest';
import { compileConfig, parseConfig, problemsOf, schemaErrors } from '../shared/testing';
import { randomSplit } from './index';

describe('random split', () => {
  const subjectTest = {
    arms: [
      { id: 'a', label: 'Subject A', weight: 45 },
      { id: 'b', label: 'Subject B', weight: 45 },
    ],
    holdout: { enabled: true, weight: 10 },
  };

  it('has a port per arm and one for the holdout when it is on', () => {
    const ports = portsOf(randomSplit, parseConfig(randomSplit, subjectTest)).map((port) => port.id);
    expect(ports).toEqual(['a', 'b', 'holdout']);
    const noHoldout = { ...subjectTest, holdout: { enabled: false, weight: 10 } };
    expect(portsOf(randomSplit, parseConfig(randomSplit, noHoldout)).map((port) => port.id)).toEqual([
      'a',
      'b',
    ]);
  });

  it('draws arms by weight, the last port taking whoever the others did not draw', () => {
    const weights = [45, 45, 10];
    expect(compileConfig(randomSplit, subjectTest).exits).toEqual([
      { on: 'always', port: 'a', guard: { type: 'arm', weights, arm: 0 } },
      { on: 'always', port: 'b', guard: { type: 'arm', weights, arm: 1 } },
      { on: 'always', port: 'holdout' },
    ]);
    expect(randomSplit.summary?.(parseConfig(randomSplit, subjectTest))).toBe(
      'Subject A 45% · Subject B 45% · holdout 10%',
    );
  });

  it('refuses weights that add up to nothing and duplicate arm ids', () => {
    const config = {
      arms: [
        { id: 'a', label: 'A', weight: 0 },
        { id: 'a', label: 'Also A', weight: 0 },
        { id: 'holdout', label: 'Control', weight: 0 },
      ],
      holdout: { enabled: true, weight: 0 },
    };
    expect(problemsOf(randomSplit, config)).toEqual([
      { path: 'arms.1.id', message: 'Two arms share the id "a"; give each its own.' },
      { path: 'arms.2.id', message: '"holdout" is the holdout group\'s id; rename this arm.' },
      { path: 'arms', message: 'The weights add up to 0; give at least one arm a weight.' },
      {
        path: 'holdout.weight',
        severity: 'warning',
        message: 'The holdout has weight 0, so nobody is held out.',
      },
    ]);
  });

  it('explains negative weights and a missing arm list', () => {
    expect(schemaErrors(randomSplit, { arms: [{ id: 'a', label: 'A', weight: -5 }] })).toEqual([
      'arms.0.weight: must be 0 or more',
    ]);
    expect(schemaErrors(randomSplit, { arms: [] })).toEqual(['arms: add at least one arm']);
  });
});
