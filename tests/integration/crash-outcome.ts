import { expect } from 'vitest';
import { CUSTOMERS } from './crash-workload';

/** Every recorded step list: a run's first and last transactions' on its row, others in run_steps. */
const ALL_STEPS = `select run_id, steps from run_steps
  union all select id, steps from journey_runs where steps is not null
  union all select id, final_steps from journey_runs where final_steps is not null`;

/** Runs one SQL statement on the scenario's database and returns its rows. */
export type Query = (text: string) => Promise<Record<string, unknown>[]>;

/** How the stream's webhooks ended: delivered, or cut off by the kill mid-call. */
export interface Deliveries {
  sent: number;
  interrupted: number;
}

/**
 * Asserts, once the workload has settled, that every accepted event was applied once, every
 * customer has exactly one completed run, and no idempotency key reached the sink twice.
 */
export async function expectExactlyOnce(query: Query, deliveriesByKey: Map<string, number>) {
  // Every event stored and applied once.
  const [events] = await query('select count(*)::int as n, count(processed_at)::int as applied from events');
  expect(events).toEqual({ n: 2 * CUSTOMERS, applied: 2 * CUSTOMERS });
  const repeated = await query(`
    select run_id, s->>'nodeId', s->>'visit', s->>'kind' from (${ALL_STEPS}) r, json_array_elements(r.steps) s
    group by 1, 2, 3, 4 having count(*) > 1`);
  expect(repeated).toEqual([]);
  // No run lost, none doubled: one completed run per customer.
  const runs = await query(`
    select customer_id, count(*)::int as n, count(*) filter (where status = 'completed')::int as completed
    from journey_runs group by 1 having count(*) <> 1 or count(*) filter (where status = 'completed') <> 1`);
  expect(runs).toEqual([]);
  const [customers] = await query('select count(distinct customer_id)::int as n from journey_runs');
  expect(customers!.n).toBe(CUSTOMERS);
  const [entered] = await query(`
    select count(*)::int as n from (${ALL_STEPS}) r, json_array_elements(r.steps) s
    where s->>'nodeId' = 'placed' and s->>'kind' = 'entered'`);
  expect(entered!.n).toBe(CUSTOMERS);
  const [counted] = await query(
    "select sum(entered)::int as entered from node_counters where node_id = 'placed'",
  );
  expect(counted!.entered).toBe(CUSTOMERS);
  return expectEachKeyOnce(query, deliveriesByKey);
}

/**
 * No idempotency key delivered twice. A call cut off by the kill stays `sending`: its outcome
 * is unknown, so it is never retried automatically.
 */
async function expectEachKeyOnce(query: Query, deliveriesByKey: Map<string, number>): Promise<Deliveries> {
  expect([...deliveriesByKey.entries()].filter(([, n]) => n > 1)).toEqual([]);
  const messages = await query('select id, status from messages');
  expect(messages).toHaveLength(2 * CUSTOMERS);
  for (const m of messages) {
    expect(['sent', 'sending']).toContain(m.status);
    if (m.status === 'sent') expect(deliveriesByKey.get(String(m.id))).toBe(1);
  }
  const interrupted = messages.filter((m) => m.status === 'sending').length;
  return { interrupted, sent: messages.length - interrupted };
}
