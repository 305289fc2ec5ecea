import { describe, expect, it } from 'vitest';
import { formatMetric, lastDays } from './period';

describe('lifecycle period helpers', () => {
  it('counts today as the last day of the period', () => {
    expect(lastDays(7, new Date(2030, 0, 7))).toEqual({ from: '2030-01-01', to: '2030-01-07' });
    expect(lastDays(1, new Date(2030, 2, 1))).toEqual({ from: '2030-03-01', to: '2030-03-01' });
  });

  it('writes each unit as a marketer reads it', () => {
    expect(formatMetric(0.1234, 'ratio', 'USD')).toBe('12.3%');
    expect(formatMetric(33.333, 'score', 'USD')).toBe('33.3');
    expect(formatMetric(null, 'ratio', 'USD')).toBe('—');
    expect(formatMetric(66.67, 'percent', 'USD')).toBe('66.7%');
  });
});
