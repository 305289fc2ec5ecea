import { describe, expect, it } from 'vitest';
import { compileConfig, problemsOf } from '../shared/testing';
import { setStage } from './index';

describe('set stage', () => {
  it('moves the customer to the stage', () => {
    expect(compileConfig(setStage, { stage: 'retention' })).toEqual({
      actions: [{ type: 'set-stage', stage: 'retention' }],
      exits: [{ on: 'always', port: 'out' }],
    });
  });

  it('refuses a stage the journey does not define, listing the ones it does', () => {
    expect(problemsOf(setStage, { stage: 'loyalty' })).toEqual([
      {
        path: 'stage',
        message:
          '"loyalty" is not a stage of this journey; pick one of: acquisition, onboarding, engagement, retention, advocacy, renewal.',
      },
    ]);
    const renamed = { nodeId: 'n', timeZone: 'UTC', stageIds: ['awareness', 'loyalty'] };
    expect(problemsOf(setStage, { stage: 'loyalty' }, renamed)).toEqual([]);
  });
});
