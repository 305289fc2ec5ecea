import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { CUSTOMERS } from './crash-workload';
import type { Sink } from './sink';

/** Every recorded step list: a run's first and last transactions' on its row, others in run_steps. */
const ALL_STEPS = `select run_id, steps from run_steps
  union all select id, steps from journey_runs where steps is not null
  union all select id, final_steps from journey_runs where final_steps is not null`;

/** Runs one SQL statement on the scenario's database and returns its rows. */
export type Query = (text: string) => Promise<Record<string, unknown>[]>;

/** How the stream's webhooks and emails ended: delivered, or cut off by the kill mid-call. */
export interface Deliveries {
  sent: number;
  interrupted: number;
}

/**
 * Asserts, once the workload has settled, that every accepted event was applied once, every
 * customer has exactly one completed run, and no idempotency key reached the sink twice.
 */
export async function expectExactlyOnce(query: Query, sink: Sink) {
  // Every event stored and applied once (besides the `Message Sent` events of the emails).
  const [events] = await query(
    "select count(*)::int as n, count(processed_at)::int as applied from events where name is distinct from 'Message Sent'",
  );
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
  return expectEachKeyOnce(query, sink);
}

/**
 * No idempotency key delivered twice, no email sent twice (counted by its Message-ID, derived
 * from the outbox id). A call cut off by the kill stays `sending`: its outcome is unknown, so it
 * is never retried automatically.
 */
async function expectEachKeyOnce(query: Query, sink: Sink): Promise<Deliveries> {
  expect([...sink.byKey.entries()].filter(([, n]) => n > 1)).toEqual([]);
  expect([...sink.byMessageId.entries()].filter(([, n]) => n > 1)).toEqual([]);
  const messages = await query('select id, channel, status from messages');
  expect(messages).toHaveLength(3 * CUSTOMERS);
  for (const m of messages) {
    expect(['sent', 'sending']).toContain(m.status);
    if (m.status !== 'sent') continue;
    if (m.channel === 'email') expect(sink.byMessageId.get(messageIdOf(String(m.id)))).toBe(1);
    else expect(sink.byKey.get(String(m.id))).toBe(1);
  }
  const interrupted = messages.filter((m) => m.status === 'sending').length;
  return { interrupted, sent: messages.length - interrupted };
}

/** The Message-ID header Stagecraft gives the email of an outbox row. */
function messageIdOf(id: string): string {
  return `<${createHash('sha256').update(id).digest('hex').slice(0, 32)}@shop.test>`;
}
