import type { SqlExecutor } from '@stagecraft/db';
import type { Profile, RunState, RunStatus } from '@stagecraft/engine';

/** What a run is when loaded or started; the rest of its record follows from what happens to it. */
export interface RunFields {
  id: string;
  journeyId: string;
  version: number;
  status: RunStatus;
  /** Loaded for active runs only; ended runs matter only to re-entry rules. */
  state: RunState | null;
  triggerNodeId: string | null;
  enteredAt: number;
  endedAt: number | null;
  exitReason: string | null;
}

/**
 * A customer's run as the processor holds it while applying inputs. Its fields change only
 * through the methods below, each saying what happened to the run; every one of them marks the
 * run for writing back (`changed`).
 */
export class RunRecord {
  #fields: RunFields;
  #changed: boolean;

  private constructor(
    fields: RunFields,
    /** False for a run started in this transaction (inserted rather than updated). */
    readonly stored: boolean,
  ) {
    this.#fields = { ...fields };
    this.#changed = !stored;
  }

  /** A run read from the database: nothing to write back until something happens to it. */
  static loaded(fields: RunFields): RunRecord {
    return new RunRecord(fields, true);
  }

  /** A run started in this transaction: inserted at commit. */
  static started(fields: RunFields): RunRecord {
    return new RunRecord(fields, false);
  }

  get id(): string {
    return this.#fields.id;
  }
  get journeyId(): string {
    return this.#fields.journeyId;
  }
  get version(): number {
    return this.#fields.version;
  }
  get status(): RunStatus {
    return this.#fields.status;
  }
  get state(): RunState | null {
    return this.#fields.state;
  }
  get triggerNodeId(): string | null {
    return this.#fields.triggerNodeId;
  }
  get enteredAt(): number {
    return this.#fields.enteredAt;
  }
  get endedAt(): number | null {
    return this.#fields.endedAt;
  }
  get exitReason(): string | null {
    return this.#fields.exitReason;
  }
  /** Something happened to the run in this transaction: its row must be written back. */
  get changed(): boolean {
    return this.#changed;
  }

  /** The engine stepped the run to `state`; `exitReason` says why, when the step ended it. */
  stepped(state: RunState, exitReason: string | null): void {
    const ended = this.#fields.status === 'active' && state.status !== 'active';
    this.#fields = {
      ...this.#fields,
      state,
      status: state.status,
      endedAt: state.endedAt,
      exitReason: ended ? exitReason : this.#fields.exitReason,
    };
    this.#changed = true;
  }

  /** The run could not go on (the engine threw): it ends as failed at `now`, waking no more. */
  failed(message: string, now: number): void {
    const state = this.#fields.state && {
      ...this.#fields.state,
      status: 'failed' as const,
      endedAt: now,
      wakeAt: null,
    };
    this.#fields = {
      ...this.#fields,
      state,
      status: 'failed',
      endedAt: now,
      exitReason: `error: ${message}`.slice(0, 500),
    };
    this.#changed = true;
  }

  /** The run was migrated: it goes on in journey version `version`, in `state`. */
  moved(version: number, state: RunState): void {
    this.#fields = { ...this.#fields, version, state };
    this.#changed = true;
  }
}

/** The next firing of one date trigger, as stored. */
export interface ScheduleRecord {
  journeyId: string;
  nodeId: string;
  version: number;
  fireAt: number;
}

/**
 * Everything about one customer that applying an input may read or change. What was loaded and
 * what must be written back are kept here and changed only through its methods, so no other
 * file has to know how the record tracks them.
 */
export class CustomerRecord {
  readonly workspaceId: string;
  readonly customerId: string;
  profile: Profile;
  invalidTimeZone: string | null = null;
  stageChangedAt: number | null = null;
  lastSeenAt: number;
  /** The newest timestamp of an event applied to the customer, to the minute (null: none yet). */
  lastEventAt: number | null = null;
  /** Active runs, and the most recently entered ended run of each journey (see loadCustomers). */
  readonly runs: RunRecord[] = [];
  /** The next firing of each date trigger, keyed by scheduleKey; complete only when `schedulesLoaded`. */
  readonly schedules = new Map<string, ScheduleRecord>();
  /**
   * The profile before changes made by journeys (update profile, tags, stage) that other
   * journeys' segment, attribute and date triggers have not seen yet; null when there are none.
   */
  unseenChangeFrom: Profile | null = null;
  #known = false;
  #rowChanged = true;
  /** Journeys whose latest ended run is in `runs`; null when every journey's is. */
  #endedRunsOf: Set<string> | null = null;
  #schedulesLoaded = true;
  readonly #schedulesChanged = new Set<string>();

  constructor(key: CustomerKey, now: number) {
    this.workspaceId = key.workspaceId;
    this.customerId = key.customerId;
    this.profile = { customerId: key.customerId, traits: {}, stage: null, timeZone: null, tags: [] };
    this.lastSeenAt = now;
  }

  /** True once the customer is stored, or created by an earlier input of this transaction. */
  get isKnown(): boolean {
    return this.#known;
  }

  /** The customer's row will exist after commit: later inputs see its profile as the one before. */
  markKnown(): void {
    this.#known = true;
  }

  /** True when the customer row (profile, stage, last seen) must be written back. */
  get rowChanged(): boolean {
    return this.#rowChanged;
  }

  /** The customer row differs from what is stored and must be written back. */
  markRowChanged(): void {
    this.#rowChanged = true;
  }

  /** True when the latest ended run of `journeyId` may be missing from `runs` (see loadEndedRuns). */
  lacksEndedRunsOf(journeyId: string): boolean {
    return this.#endedRunsOf !== null && !this.#endedRunsOf.has(journeyId);
  }

  /** The latest ended run of `journeyId` is in `runs` now (or there is none). */
  endedRunsRead(journeyId: string): void {
    this.#endedRunsOf?.add(journeyId);
  }

  /** True when `schedules` holds every stored schedule; until then date triggers are not recomputed. */
  get schedulesLoaded(): boolean {
    return this.#schedulesLoaded;
  }

  /** Stores (or, with null, clears) one date trigger's next firing, to be written back at commit. */
  setSchedule(key: string, schedule: ScheduleRecord | null): void {
    this.#schedulesChanged.add(key);
    if (schedule) this.schedules.set(key, schedule);
    else this.schedules.delete(key);
  }

  /** The keys of schedules set or cleared since loading, for the commit to write. */
  changedSchedules(): ReadonlySet<string> {
    return this.#schedulesChanged;
  }

  /** The record now holds the stored row: the customer is known and there is nothing to write back yet. */
  markStored(): void {
    this.#known = true;
    this.#rowChanged = false;
  }

  /** Sets what loadCustomers read: whether schedules and every journey's latest ended run are in. */
  loaded(options: { schedules: boolean; endedRuns: boolean }): void {
    this.#schedulesLoaded = options.schedules;
    // A customer not stored yet has no history at all, so nothing is missing either way.
    this.#endedRunsOf = options.endedRuns ? null : new Set();
  }

  /** Adds schedules read after loading skipped them; nothing can have changed them before. */
  schedulesRead(schedules: ScheduleRecord[]): void {
    for (const s of schedules) this.schedules.set(scheduleKey(s.journeyId, s.nodeId), s);
    this.#schedulesLoaded = true;
  }
}

/** Which parts of a customer loadCustomers reads (see there). */
export interface LoadOptions {
  schedules: boolean;
  endedRuns?: boolean;
}

/** Identifies a customer within the whole database. */
export interface CustomerKey {
  workspaceId: string;
  customerId: string;
}

export const customerKey = (k: CustomerKey) => `${k.workspaceId}\u0000${k.customerId}`;
export const scheduleKey = (journeyId: string, nodeId: string) => `${journeyId}/${nodeId}`;

const time = (value: unknown) =>
  typeof value === 'number'
    ? value
    : value instanceof Date
      ? value.getTime()
      : new Date(String(value)).getTime();
/** A timestamp column read as epoch milliseconds: no date text to parse on either side. */
const MS = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;
const maybeTime = (value: unknown) => (value === null || value === undefined ? null : time(value));

/**
 * Loads customers, their runs and date-trigger schedules; customers not stored yet start empty.
 * `endedRuns: false` skips ended runs, which only some re-entry rules read (loadEndedRuns fetches
 * them for one journey when one does): a customer's history grows with every run it finishes.
 */
export async function loadCustomers(
  sql: SqlExecutor,
  keys: CustomerKey[],
  now: number,
  options: LoadOptions = { schedules: true },
): Promise<Map<string, CustomerRecord>> {
  const records = new Map<string, CustomerRecord>();
  const endedRuns = options.endedRuns ?? true;
  for (const key of keys) {
    const record = new CustomerRecord(key, now);
    record.loaded({ schedules: options.schedules, endedRuns });
    records.set(customerKey(key), record);
  }
  if (keys.length === 0) return records;
  const param = [JSON.stringify(keys.map((k) => ({ w: k.workspaceId, c: k.customerId })))];
  const join = `join json_to_recordset($1::json) as k(w text, c text) on t.workspace_id = k.w and t.customer_id = k.c`;
  const [customers, runs, schedules] = await Promise.all([
    sql.executeSql(
      `select t.workspace_id, t.customer_id, t.traits, t.stage, t.time_zone, t.tags, t.invalid_time_zone,
         ${MS('t.stage_changed_at')} as stage_changed_at, ${MS('t.last_seen_at')} as last_seen_at,
         ${MS('t.last_event_at')} as last_event_at
       from customers t ${join}`,
      param,
    ),
    // Active runs in full; of ended runs only the latest per journey, which is all re-entry rules
    // need (once: any run; cooldown: the last entry), so a long history is never loaded.
    sql.executeSql(
      `select t.workspace_id, t.customer_id, t.id, t.journey_id, t.version, t.status, t.trigger_node_id,
         ${MS('t.entered_at')} as entered_at, ${MS('t.ended_at')} as ended_at, t.exit_reason, t.state
       from journey_runs t ${join} where t.status = 'active'
       ${
         endedRuns
           ? `union all
       select * from (
         select distinct on (t.workspace_id, t.customer_id, t.journey_id) t.workspace_id, t.customer_id, t.id,
           t.journey_id, t.version, t.status, t.trigger_node_id, ${MS('t.entered_at')}, ${MS('t.ended_at')},
           t.exit_reason, null::json
         from journey_runs t ${join} where t.status <> 'active'
         order by t.workspace_id, t.customer_id, t.journey_id, t.entered_at desc
       ) ended`
           : ''
       }`,
      param,
    ),
    options.schedules
      ? sql.executeSql(`select t.* from trigger_schedules t ${join}`, param)
      : Promise.resolve({ rows: [] }),
  ]);
  for (const row of customers.rows) {
    const record = records.get(
      customerKey({ workspaceId: String(row.workspace_id), customerId: String(row.customer_id) }),
    )!;
    record.markStored();
    record.profile = {
      customerId: record.customerId,
      traits: row.traits as Record<string, unknown>,
      stage: (row.stage as string | null) ?? null,
      timeZone: (row.time_zone as string | null) ?? null,
      tags: row.tags as string[],
    };
    record.invalidTimeZone = (row.invalid_time_zone as string | null) ?? null;
    record.stageChangedAt = maybeTime(row.stage_changed_at);
    record.lastSeenAt = time(row.last_seen_at);
    record.lastEventAt = maybeTime(row.last_event_at);
  }
  for (const row of runs.rows) {
    const record = records.get(
      customerKey({ workspaceId: String(row.workspace_id), customerId: String(row.customer_id) }),
    )!;
    record.runs.push(runFromRow(row));
  }
  for (const row of schedules.rows) {
    const record = records.get(
      customerKey({ workspaceId: String(row.workspace_id), customerId: String(row.customer_id) }),
    )!;
    const schedule = scheduleFromRow(row);
    record.schedules.set(scheduleKey(schedule.journeyId, schedule.nodeId), schedule);
  }
  return records;
}

const runFromRow = (row: Record<string, unknown>): RunRecord =>
  RunRecord.loaded({
    id: String(row.id),
    journeyId: String(row.journey_id),
    version: Number(row.version),
    status: row.status as RunStatus,
    state: (row.state as RunState | null) ?? null,
    triggerNodeId: (row.trigger_node_id as string | null) ?? null,
    enteredAt: time(row.entered_at),
    endedAt: maybeTime(row.ended_at),
    exitReason: (row.exit_reason as string | null) ?? null,
  });

/** Adds a customer's latest ended run of one journey when loadCustomers skipped ended runs. */
export async function loadEndedRuns(
  sql: SqlExecutor,
  customer: CustomerRecord,
  journeyId: string,
): Promise<void> {
  if (!customer.lacksEndedRunsOf(journeyId)) return;
  customer.endedRunsRead(journeyId);
  const { rows } = await sql.executeSql(
    `select id, journey_id, version, status, trigger_node_id, entered_at, ended_at, exit_reason, null as state
     from journey_runs where workspace_id = $1 and customer_id = $2 and journey_id = $3 and status <> 'active'
     order by entered_at desc limit 1`,
    [customer.workspaceId, customer.customerId, journeyId],
  );
  // Runs that ended in this transaction are in `runs` already, with their new status.
  for (const row of rows)
    if (!customer.runs.some((r) => r.id === row.id)) customer.runs.push(runFromRow(row));
}

/** Loads a customer's date-trigger schedules when an earlier load skipped them. */
export async function loadSchedules(sql: SqlExecutor, customer: CustomerRecord): Promise<void> {
  if (customer.schedulesLoaded) return;
  const { rows } = await sql.executeSql(
    'select journey_id, node_id, version, fire_at from trigger_schedules where workspace_id = $1 and customer_id = $2',
    [customer.workspaceId, customer.customerId],
  );
  // Nothing can have changed them yet: schedules are only set once loaded (see date-triggers.ts).
  customer.schedulesRead(rows.map(scheduleFromRow));
}

const scheduleFromRow = (row: Record<string, unknown>): ScheduleRecord => ({
  journeyId: String(row.journey_id),
  nodeId: String(row.node_id),
  version: Number(row.version),
  fireAt: time(row.fire_at),
});

/**
 * Takes the per-customer lock for the rest of the transaction, waiting for other holders; keys
 * are sorted so two lockers never wait on each other. Event processing uses the non-waiting form.
 */
export async function lockCustomers(sql: SqlExecutor, keys: CustomerKey[]): Promise<void> {
  const unique = [...new Map(keys.map((k) => [customerKey(k), k])).values()];
  if (unique.length === 0) return;
  await sql.executeSql(
    `select pg_advisory_xact_lock(l.key) from (
       select distinct ${LOCK_KEY('k.w', 'k.c')} as key
       from json_to_recordset($1::json) as k(w text, c text) order by 1
     ) l`,
    [JSON.stringify(unique.map((k) => ({ w: k.workspaceId, c: k.customerId })))],
  );
}

/** The advisory lock key of a customer (a hash collision only makes two customers wait for each other). */
export const LOCK_KEY = (workspace: string, customer: string) =>
  `hashtextextended(${workspace} || '/' || ${customer}, 0)`;
