import { portsOf } from '@stagecraft/sdk';
import { describe, expect, it } from 'vitest';
import { compileConfig, parseConfig, problemsOf, schemaErrors } from '../shared/testing';
import { randomSplit, splitShares } from './index';

describe('random split', () => {
  const subjectTest = {
    arms: [
      { id: 'a', label: 'Subject A', weight: 45 },
      { id: 'b', label: 'Subject B', weight: 45 },
    ],
    holdout: { enabled: true, percent: 10 },
  };

  it('has a port per arm and one for the holdout when it is on', () => {
    const ports = portsOf(randomSplit, parseConfig(randomSplit, subjectTest)).map((port) => port.id);
    expect(ports).toEqual(['a', 'b', 'holdout']);
    const noHoldout = { ...subjectTest, holdout: { enabled: false, percent: 10 } };
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
      holdout: { enabled: true, percent: 0 },
      control: 'c',
      goal: { source: 'event', where: [{ field: 'profile.plan', operator: 'equals', value: 'pro' }] },
    };
    expect(problemsOf(randomSplit, config)).toEqual([
      { path: 'arms.1.id', message: 'Two arms share the id "a"; give each its own.' },
      { path: 'arms.2.id', message: '"holdout" is the holdout group\'s id; rename this arm.' },
      { path: 'arms', message: 'The weights add up to 0; give at least one arm a weight.' },
      {
        path: 'holdout.percent',
        severity: 'warning',
        message: 'The holdout is 0% of everyone, so nobody is held out.',
      },
      { path: 'control', message: 'No arm has the id "c"; pick one of "a", "holdout".' },
      { path: 'goal.event', message: 'Name the event that counts as a conversion.' },
      expect.objectContaining({ path: 'goal.where.0.field' }),
    ]);
  });

  it('holds out a share of everyone, the arms sharing the rest by weight', () => {
    const config = parseConfig(randomSplit, {
      arms: [
        { id: 'a', label: 'A', weight: 50 },
        { id: 'b', label: 'B', weight: 30 },
        { id: 'c', label: 'C', weight: 20 },
      ],
      holdout: { enabled: true, percent: 10 },
    });
    expect(splitShares(config).map((share) => share.percent)).toEqual([45, 27, 18, 10]);
    expect(randomSplit.summary?.(config)).toBe('A 45% · B 27% · C 18% · holdout 10%');
  });

  it('upgrades a version 1 holdout weight to the same share, so customers keep their arms', () => {
    const v1 = {
      arms: [
        { id: 'a', label: 'A', weight: 50 },
        { id: 'b', label: 'B', weight: 30 },
        { id: 'c', label: 'C', weight: 20 },
      ],
      holdout: { enabled: true, weight: 10 },
    };
    const migrated = parseConfig(randomSplit, randomSplit.migrate?.(v1, 1));
    expect(migrated.holdout.percent).toBeCloseTo(100 / 11, 12);
    const exit = compileConfig(randomSplit, migrated).exits[0];
    const weights = exit && 'guard' in exit ? (exit.guard as { weights: number[] }).weights : [];
    // The draw compares a point with cumulative weights: weights scaled by one constant draw alike.
    expect(weights.map((weight) => Number((weight * 1.1).toFixed(10)))).toEqual([50, 30, 20, 10]);
    const off = parseConfig(
      randomSplit,
      randomSplit.migrate?.({ ...v1, holdout: { enabled: false, weight: 3 } }, 1),
    );
    expect(off.holdout).toEqual({ enabled: false, percent: 10 });
    expect(randomSplit.migrate?.(migrated, 2)).toBe(migrated);
  });

  it('carries the experiment settings with their defaults', () => {
    const config = parseConfig(randomSplit, subjectTest);
    expect(config).toMatchObject({
      goal: { source: 'journey', where: [] },
      attributionWindowDays: 7,
      plan: { baselinePercent: 10, minimumDetectableEffectPercent: 10, powerPercent: 80, alphaPercent: 5 },
    });
    expect(config.control).toBeUndefined();
    expect(schemaErrors(randomSplit, { ...subjectTest, attributionWindowDays: 0 })).toEqual([
      'attributionWindowDays: must be at least 1 day',
    ]);
  });

  it('explains negative weights and a missing arm list', () => {
    expect(schemaErrors(randomSplit, { arms: [{ id: 'a', label: 'A', weight: -5 }] })).toEqual([
      'arms.0.weight: must be 0 or more',
    ]);
    expect(schemaErrors(randomSplit, { arms: [] })).toEqual(['arms: add at least one arm']);
  });
});
