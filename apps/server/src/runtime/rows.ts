import type { Message, StageChange } from '@stagecraft/db';

/**
 * A stored row as JSON carries it: each time (a Date in the row) becomes ISO text, so an API
 * type is the table's own row with this applied, never a copy of its columns.
 */
export type AsJson<Row> = {
  [Column in keyof Row]: Row[Column] extends Date
    ? string
    : Row[Column] extends Date | null
      ? string | null
      : Row[Column];
};

/** Outbox columns the runtime works with; the rest (request and response bodies) stay in the database. */
type MessageColumns =
  | 'workspaceId'
  | 'customerId'
  | 'id'
  | 'kind'
  | 'runId'
  | 'journeyId'
  | 'version'
  | 'nodeId'
  | 'visit'
  | 'channel'
  | 'name'
  | 'to'
  | 'subject'
  | 'body'
  | 'url';

/** An outbox row to insert, as the runtime builds it; `at` stamps created_at and updated_at. */
export type OutboxRow = Pick<Message, MessageColumns | 'request' | 'status' | 'lastError'> & { at: number };

/** An outbox row claimed for delivery (status `sending`, attempts already counted). */
export type ClaimedMessage = Pick<
  Message,
  Exclude<MessageColumns, 'version'> | 'request' | 'attempts' | 'createdAt'
> & {
  /** The same as `id`; named for what receivers get it as (the Idempotency-Key header). */
  idempotencyKey: string;
};

/**
 * A row of the outbox as the API lists it. `no_provider` means stored and rendered but not
 * sent: no provider for the channel. The workspace, visit and request/response bodies are left out.
 */
export type MessageRow = AsJson<
  Omit<Message, 'workspaceId' | 'visit' | 'request' | 'response'> & { idempotencyKey: string }
>;

/**
 * A stage change to append to the customer's history. The table allows a change with no journey
 * (an operator's edit); one the runtime writes always names its journey, run and node.
 */
export type StageRow = Pick<StageChange, 'workspaceId' | 'customerId' | 'fromStage' | 'toStage'> & {
  [Column in 'journeyId' | 'runId' | 'nodeId']: NonNullable<StageChange[Column]>;
} & {
  at: number;
  /** When the stay this change ends began (epoch ms): null for a first stage, or one of unknown start. */
  fromAt: number | null;
};
