import type { Database } from '@stagecraft/db';
import type { IngestMessage } from './types';

/**
 * Stores messages in one statement; a messageId already stored for the workspace (or repeated
 * in the batch) is skipped. Resolves after commit, so a 200 means the events are durable.
 */
export async function storeEvents(
  database: Database,
  workspaceId: string,
  messages: IngestMessage[],
): Promise<{ accepted: number; duplicates: number }> {
  if (messages.length === 0) return { accepted: 0, duplicates: 0 };
  const rows = messages.map((m) => ({
    workspace_id: workspaceId,
    customer_id: m.userId,
    message_id: m.messageId,
    type: m.type,
    name: m.event,
    properties: m.properties,
    traits: m.traits,
    context: m.context,
    timestamp: new Date(m.timestamp).toISOString(),
    received_at: new Date(m.receivedAt).toISOString(),
  }));
  // One JSON parameter keeps the statement size constant whatever the batch length.
  const { rows: inserted } = await database.sql.executeSql(
    `insert into events (workspace_id, customer_id, message_id, type, name, properties, traits, context, timestamp, received_at)
     select workspace_id, customer_id, message_id, type, name, properties, traits, context, timestamp, received_at
     from jsonb_to_recordset($1::jsonb) as e(workspace_id text, customer_id text, message_id text, type text, name text,
       properties jsonb, traits jsonb, context jsonb, timestamp timestamptz, received_at timestamptz)
     on conflict (workspace_id, message_id) do nothing
     returning 1`,
    [JSON.stringify(rows)],
  );
  return { accepted: inserted.length, duplicates: messages.length - inserted.length };
}
