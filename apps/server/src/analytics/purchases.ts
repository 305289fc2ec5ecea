import type { Purchase } from '@stagecraft/clv';
import type { SqlExecutor } from '@stagecraft/db';
import type { AnalyticsSettings } from './settings';

/**
 * Purchase days from the workspace's purchase events (`Order Completed` by default): one row per
 * customer and calendar day in the workspace's zone, the revenue property summed (non-numeric
 * revenue counts as 0), up to and including `lastDay`. `customerIds` narrows it to those
 * customers; `realOnly` leaves test-clock customers out (every figure and fit does).
 */
export async function purchaseDays(
  sql: SqlExecutor,
  options: {
    workspaceId: string;
    timeZone: string;
    settings: AnalyticsSettings;
    lastDay: string;
    customerIds?: string[];
    realOnly?: boolean;
  },
): Promise<Purchase[]> {
  const { event, revenueProperty } = options.settings.metrics.purchase;
  const params: unknown[] = [options.workspaceId, options.timeZone, event, revenueProperty, options.lastDay];
  if (options.customerIds !== undefined) params.push(options.customerIds);
  const { rows } = await sql.executeSql(
    `select customer_id, to_char((timestamp at time zone $2)::date, 'YYYY-MM-DD') as day,
       sum(case when jsonb_typeof(properties->($4::text)) = 'number'
           then (properties->>($4::text))::float8 else 0 end) as amount
     from events e
     where workspace_id = $1 and type = 'track' and name = $3
       and timestamp < (($5::date + 1)::timestamp at time zone $2)
       ${options.customerIds !== undefined ? 'and customer_id = any($6::text[])' : ''}
       ${options.realOnly ? 'and e.clock_id is null' : ''}
     group by 1, 2`,
    params,
  );
  return rows.map((r) => ({
    customerId: String(r.customer_id),
    day: String(r.day),
    amount: Number(r.amount),
  }));
}
