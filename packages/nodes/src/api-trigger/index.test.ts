import { describe, expect, it } from 'vitest';
import { compileConfig } from '../shared/testing';
import { apiTrigger } from './index';

describe('API trigger', () => {
  it('lets customers in only through the API, whatever else the config holds', () => {
    expect(compileConfig(apiTrigger, { stray: true })).toEqual({
      trigger: { kind: 'api' },
      exits: [{ on: 'always', port: 'out' }],
    });
  });
});
