import type { SqlExecutor } from '@stagecraft/db';
import type { RuntimeContext } from './context';
import { DELIVER_QUEUE, insertJobs } from './jobs';
import { clockOfCustomerAt } from './test-clocks';
import { isoTime, isoTimeOrNull } from './timestamps';
import type { MessageRow } from './types';

/** Outbox rows of a workspace, newest first, optionally by status, customer or journey. */
export async function listMessages(
  sql: SqlExecutor,
  workspaceId: string,
  filter: { status?: string; customerId?: string; journeyId?: string; limit: number },
): Promise<MessageRow[]> {
  const conditions = ['workspace_id = $1'];
  const params: unknown[] = [workspaceId];
  for (const [column, value] of [
    ['status', filter.status],
    ['customer_id', filter.customerId],
    ['journey_id', filter.journeyId],
  ] as const) {
    if (value === undefined) continue;
    params.push(value);
    conditions.push(`${column} = $${params.length}`);
  }
  params.push(filter.limit);
  const { rows } = await sql.executeSql(
    `select * from messages where ${conditions.join(' and ')} order by created_at desc, id limit $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    id: String(r.id),
    idempotencyKey: String(r.id),
    customerId: String(r.customer_id),
    journeyId: String(r.journey_id),
    version: Number(r.version),
    runId: String(r.run_id),
    nodeId: String(r.node_id),
    kind: r.kind as MessageRow['kind'],
    channel: (r.channel as string | null) ?? null,
    name: (r.name as string | null) ?? null,
    to: (r.to as string | null) ?? null,
    subject: (r.subject as string | null) ?? null,
    body: (r.body as string | null) ?? null,
    url: (r.url as string | null) ?? null,
    status: r.status as MessageRow['status'],
    attempts: Number(r.attempts),
    lastError: (r.last_error as string | null) ?? null,
    nextAttemptAt: isoTimeOrNull(r.next_attempt_at),
    providerMessageId: (r.provider_message_id as string | null) ?? null,
    createdAt: isoTime(r.created_at),
    updatedAt: isoTime(r.updated_at),
    sentAt: isoTimeOrNull(r.sent_at),
    clearedAt: isoTimeOrNull(r.cleared_at),
    attemptLog: (r.attempt_log as MessageRow['attemptLog']) ?? null,
  }));
}

/**
 * Queues a dead (or failed) message again with a fresh set of attempts; the last error stays
 * visible until the next attempt. False when there is no such message or it is not retryable.
 */
export async function retryMessage(
  ctx: RuntimeContext,
  workspaceId: string,
  messageId: string,
): Promise<boolean> {
  const retried = await ctx.database.transaction(async (tx) => {
    const now = ctx.now();
    const customerId = await requeueMessage(tx.sql, workspaceId, messageId, now);
    if (customerId === null) return false;
    const data = { workspaceId, customerId, messageId };
    // A test clock's customer is sent again when its clock runs next, at the clock's time.
    const clock = await clockOfCustomerAt(tx.sql, workspaceId, customerId);
    await insertJobs(
      tx.sql,
      [{ name: DELIVER_QUEUE, data, startAt: clock?.now ?? now }],
      clock?.clockId ?? null,
    );
    return true;
  });
  if (retried) ctx.wake('deliveries');
  return retried;
}

/**
 * Sets a dead or failed message back to queued with a fresh set of attempts; its customer, or
 * null when there is no such message or it is not retryable. The message is found through
 * messages_attention_idx, which holds every dead and failed one.
 */
export async function requeueMessage(
  sql: SqlExecutor,
  workspaceId: string,
  messageId: string,
  now: number,
): Promise<string | null> {
  const { rows } = await sql.executeSql(
    `update messages set status = 'queued', attempts = 0, next_attempt_at = $3, updated_at = $3
     where workspace_id = $1 and status in ('dead', 'failed') and id = $2
     returning customer_id`,
    [workspaceId, messageId, new Date(now).toISOString()],
  );
  const row = rows[0];
  return row ? String(row.customer_id) : null;
}
