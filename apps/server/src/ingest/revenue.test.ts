import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { normaliseRevenue } from './revenue';

describe('normaliseRevenue', () => {
  it('reads an Order Completed total as revenue when revenue is missing', () => {
    expect(normaliseRevenue('Order Completed', { total: '42.50', currency: 'EUR' }, 'properties')).toEqual({
      total: '42.50',
      currency: 'EUR',
      revenue: 42.5,
    });
    expect(normaliseRevenue('order.completed', { total: 10 }, 'properties').revenue).toBe(10);
  });

  it('keeps revenue over total and turns numeric strings into numbers on any event', () => {
    expect(normaliseRevenue('Order Completed', { revenue: 30, total: 35 }, 'properties').revenue).toBe(30);
    expect(normaliseRevenue('Subscription Renewed', { revenue: ' 9.99 ' }, 'properties').revenue).toBe(9.99);
    expect(normaliseRevenue('Signed Up', { plan: 'pro' }, 'properties')).toEqual({ plan: 'pro' });
  });

  it('rejects a revenue that is not a number, naming the field', () => {
    try {
      normaliseRevenue('Order Completed', { revenue: 'lots' }, 'batch.2.properties');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).field).toBe('batch.2.properties.revenue');
    }
  });
});
