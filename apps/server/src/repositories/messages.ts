import type { Database } from '@stagecraft/db';

/** Where a message came from: enough to record delivery events on its customer's timeline. */
export interface MessageOrigin {
  journeyId: string;
  nodeId: string;
  channel: string | null;
  name: string | null;
}

/** Messages as the delivery links (unsubscribe, tracking, provider callbacks) read them. */
export function createMessagesRepository(database: Database) {
  return {
    /** The message's journey, node, channel and name, or null when the workspace's customer has no such message. */
    async origin(workspaceId: string, customerId: string, id: string): Promise<MessageOrigin | null> {
      const { rows } = await database.sql.executeSql(
        'select journey_id, node_id, channel, name from messages where workspace_id = $1 and customer_id = $2 and id = $3',
        [workspaceId, customerId, id],
      );
      const row = rows[0];
      return row
        ? {
            journeyId: String(row.journey_id),
            nodeId: String(row.node_id),
            channel: (row.channel as string | null) ?? null,
            name: (row.name as string | null) ?? null,
          }
        : null;
    },
  };
}
