import type { SqlExecutor } from '@stagecraft/db';
import { consentOf } from '../channels/consent';
import { isoTime, isoTimeOrNull } from './timestamps';
import type { CustomerDetail, CustomerRun, CustomerSummary, TimelineEntry } from './types';

const TIMELINE = 200;
/** Sorts a run's last steps after every other transaction's at the same instant. */
const LAST_TX = '9223372036854775807';

/**
 * Customers whose id or a trait value (not a trait name) contains `query`, case-insensitive,
 * most recently seen first; all customers when `query` is empty. The condition is the one the
 * trigram index `customers_search_idx` is built for, so a search reads matching rows only.
 */
export async function searchCustomers(
  sql: SqlExecutor,
  workspaceId: string,
  query: string,
  limit: number,
): Promise<CustomerSummary[]> {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const matching = query === '' ? '' : 'and customer_search_text(c.customer_id, c.traits) ilike $3';
  const { rows } = await sql.executeSql(
    `select c.customer_id, c.traits, c.stage, c.time_zone, c.last_seen_at, c.test_clock_id,
       (select count(*)::int from journey_runs r
        where r.workspace_id = c.workspace_id and r.customer_id = c.customer_id and r.status = 'active') as active_runs
     from customers c
     where c.workspace_id = $1 ${matching}
     order by c.last_seen_at desc limit $2`,
    query === '' ? [workspaceId, limit] : [workspaceId, limit, pattern],
  );
  return rows.map((r) => ({
    customerId: String(r.customer_id),
    traits: r.traits as Record<string, unknown>,
    stage: (r.stage as string | null) ?? null,
    timeZone: (r.time_zone as string | null) ?? null,
    testClockId: (r.test_clock_id as string | null) ?? null,
    activeRuns: Number(r.active_runs),
    lastSeenAt: isoTime(r.last_seen_at),
  }));
}

/** A customer's profile, stage history, runs and a merged timeline of events, steps and messages. */
export async function customerDetail(
  sql: SqlExecutor,
  workspaceId: string,
  customerId: string,
): Promise<CustomerDetail | null> {
  const key = [workspaceId, customerId];
  const where = 'where workspace_id = $1 and customer_id = $2';
  const [customer, stages, runs, events, steps, messages] = await Promise.all([
    sql.executeSql(
      `select c.*, w.time_zone as workspace_time_zone
       from customers c join workspaces w on w.id = c.workspace_id
       where c.workspace_id = $1 and c.customer_id = $2`,
      key,
    ),
    sql.executeSql(`select * from stage_history ${where} order by at desc, id desc limit ${TIMELINE}`, key),
    sql.executeSql(
      `select id, journey_id, version, status, current_node_id, wake_at, entered_at, ended_at, exit_reason
       from journey_runs ${where} order by entered_at desc limit ${TIMELINE}`,
      key,
    ),
    sql.executeSql(
      `select message_id, type, name, properties, timestamp, error from events ${where}
       order by seq desc limit ${TIMELINE}`,
      key,
    ),
    // A run's first and last transactions' steps are on its row, the others' in run_steps.
    sql.executeSql(
      `select s.at, s.run_id, s.journey_id, x.step->>'nodeId' as node_id, x.step->>'kind' as kind, x.step->>'port' as port,
         s.id as tx, x.n
       from (
         select at, run_id, journey_id, steps, id from run_steps ${where} order by id desc limit ${TIMELINE}
       ) s, json_array_elements(s.steps) with ordinality as x(step, n)
       union all
       select r.entered_at, r.id, r.journey_id, x.step->>'nodeId', x.step->>'kind', x.step->>'port', 0, x.n
       from (
         select entered_at, id, journey_id, steps from journey_runs ${where} and steps is not null
         order by entered_at desc limit ${TIMELINE}
       ) r, json_array_elements(r.steps) with ordinality as x(step, n)
       union all
       select r.ended_at, r.id, r.journey_id, x.step->>'nodeId', x.step->>'kind', x.step->>'port', ${LAST_TX}, x.n
       from (
         select ended_at, id, journey_id, final_steps from journey_runs ${where} and final_steps is not null
         order by ended_at desc limit ${TIMELINE}
       ) r, json_array_elements(r.final_steps) with ordinality as x(step, n)
       -- Latest first; at the same instant a run's first steps come before any later
       -- transaction's, and its last ones after.
       order by at desc, tx desc, n desc limit ${TIMELINE}`,
      key,
    ),
    sql.executeSql(
      `select id, run_id, node_id, channel, kind, status, created_at from messages ${where}
       order by created_at desc limit ${TIMELINE}`,
      key,
    ),
  ]);
  const c = customer.rows[0];
  if (!c) return null;
  // Newest first; for entries at the same instant the stable sort keeps this order: what an
  // event caused (messages, then steps, latest first) above the event itself.
  const timeline: TimelineEntry[] = [
    ...messages.rows.map((r) => ({
      kind: 'message' as const,
      at: isoTime(r.created_at),
      messageId: String(r.id),
      runId: String(r.run_id),
      nodeId: String(r.node_id),
      channel: (r.channel as string | null) ?? (r.kind === 'http' ? 'http' : null),
      status: String(r.status),
    })),
    ...steps.rows.map((r) => ({
      kind: 'step' as const,
      at: isoTime(r.at),
      runId: String(r.run_id),
      journeyId: String(r.journey_id),
      nodeId: String(r.node_id),
      step: String(r.kind),
      port: (r.port as string | null) ?? null,
    })),
    ...events.rows.map((r) => ({
      kind: 'event' as const,
      at: isoTime(r.timestamp),
      messageId: String(r.message_id),
      type: String(r.type),
      name: (r.name as string | null) ?? null,
      properties: r.properties as Record<string, unknown>,
      error: (r.error as string | null) ?? null,
    })),
  ];
  timeline.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return {
    customerId,
    traits: c.traits as Record<string, unknown>,
    stage: (c.stage as string | null) ?? null,
    stageChangedAt: isoTimeOrNull(c.stage_changed_at),
    timeZone: (c.time_zone as string | null) ?? null,
    invalidTimeZone: (c.invalid_time_zone as string | null) ?? null,
    testClockId: (c.test_clock_id as string | null) ?? null,
    timeZoneUsed: zoneUsed(
      c.time_zone as string | null,
      c.invalid_time_zone as string | null,
      c.workspace_time_zone,
    ),
    consent: consentOf(c.traits as Record<string, unknown>),
    tags: c.tags as string[],
    firstSeenAt: isoTime(c.first_seen_at),
    lastSeenAt: isoTime(c.last_seen_at),
    stageHistory: stages.rows.map((r) => ({
      from: (r.from_stage as string | null) ?? null,
      to: String(r.to_stage),
      at: isoTime(r.at),
      journeyId: (r.journey_id as string | null) ?? null,
      nodeId: (r.node_id as string | null) ?? null,
    })),
    runs: runs.rows.map(
      (r): CustomerRun => ({
        runId: String(r.id),
        journeyId: String(r.journey_id),
        version: Number(r.version),
        status: r.status as CustomerRun['status'],
        currentNodeId: (r.current_node_id as string | null) ?? null,
        wakeAt: isoTimeOrNull(r.wake_at),
        enteredAt: isoTime(r.entered_at),
        endedAt: isoTimeOrNull(r.ended_at),
        exitReason: (r.exit_reason as string | null) ?? null,
      }),
    ),
    timeline: timeline.slice(0, TIMELINE),
  };
}

/** Which zone the customer's times are read in, and why, for the customer page. */
function zoneUsed(
  own: string | null,
  invalid: string | null,
  workspaceZone: unknown,
): CustomerDetail['timeZoneUsed'] {
  if (own) return { zone: own, source: 'customer' };
  return {
    zone: String(workspaceZone ?? 'UTC'),
    source: invalid ? 'workspace-invalid' : 'workspace-missing',
  };
}
