import { portsOf } from '@stagecraft/sdk';
import { describe, expect, it } from 'vitest';
import { compileConfig } from '../shared/testing';
import { exit } from './index';

describe('exit', () => {
  it('ends the run as completed and has no way out', () => {
    expect(compileConfig(exit, {})).toEqual({ exits: [], end: 'completed' });
    expect(portsOf(exit, {})).toEqual([]);
  });
});
