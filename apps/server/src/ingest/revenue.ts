import { AppError } from '../errors';

/** Segment's Ecommerce spec names the purchase event "Order Completed"; apps also send `order.completed`. */
export function isOrderCompleted(event: string): boolean {
  return event.toLowerCase().replace(/[^a-z]/g, '') === 'ordercompleted';
}

/**
 * Revenue analytics read `properties.revenue` as a number. Numeric strings ("25.00") become
 * numbers; an "Order Completed" without revenue takes its `total`. A revenue that is not a
 * number is rejected, naming the field, rather than silently counted as zero.
 */
export function normaliseRevenue(
  event: string,
  properties: Record<string, unknown>,
  field: string,
): Record<string, unknown> {
  const hasRevenue = properties.revenue !== undefined && properties.revenue !== null;
  const source = hasRevenue ? 'revenue' : isOrderCompleted(event) ? 'total' : null;
  if (!source) return properties;
  const value = properties[source];
  if (value === undefined || value === null) return properties;
  const amount =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(amount) || (typeof value === 'string' && value.trim() === '')) {
    throw new AppError('invalid-payload', {
      field: `${field}.${source}`,
      message: `${field}.${source} must be a number such as 25.5 (an amount in the order's currency).`,
    });
  }
  return { ...properties, revenue: amount };
}
