import type { Transaction } from '@stagecraft/db';
import type { ChangeSet } from './changes';
import { arrays, type Columns, columns, rowsFrom } from './column-arrays';
import type { CustomerRecord } from './customer-state';
import { DELIVER_QUEUE, insertJobs, type JobRequest } from './jobs';

/** The columns of each bulk statement's rows. */
const CUSTOMER_ROWS = columns(
  'w text, c text, traits jsonb, tz text, bad_tz text, stage text, stage_at ms, tags jsonb, seen ms, last_event ms, now_at ms',
);
const STEP_ROWS = columns('w text, c text, run_id text, journey_id text, version int, steps json, at ms');
const STAGE_ROWS = columns(
  'w text, c text, from_stage text, to_stage text, journey_id text, run_id text, node_id text, at ms',
);
const MESSAGE_ROWS = columns(
  'w text, c text, id text, kind text, run_id text, journey_id text, version int, node_id text, visit int, channel text, name text, to text, subject text, body text, url text, request jsonb, status text, last_error text, own_provider bool, at ms',
);
/** The channels whose messages go through a provider the workspace configures. */
const PROVIDER_CHANNELS = new Set(['email', 'sms', 'push']);
const ASSIGNMENT_ROWS = columns(
  'w text, c text, journey_id text, node_id text, run_id text, version int, arm text, at ms, converted_at ms',
);
const CONVERSION_ROWS = columns('w text, c text, journey_id text, node_id text, since ms, at ms');
const APPLIED_EVENTS = columns('w text, c text, seq bigint, at ms');
const SCHEDULE_ROWS = columns('w text, c text, journey_id text, node_id text, version int, fire_at ms');
const SCHEDULE_KEYS = columns('w text, c text, journey_id text, node_id text');
const COUNTER_ROWS = columns(
  'journey_id text, version int, node_id text, entered bigint, completed bigint, errored bigint',
);
const RUN_COUNT_ROWS = columns('journey_id text, version int, outcome text, runs bigint');
const STAGE_COUNT_ROWS = columns('w text, from_stage text, to_stage text, at ms, from_at ms');
const EDGE_COUNT_ROWS = columns(
  'journey_id text, version int, node_id text, port text, passed bigint, converted bigint',
);
const RUN_ROWS = columns(
  'w text, c text, id text, journey_id text, version int, status text, state json, node text, wake_at ms, trigger_node text, entered_at ms, ended_at ms, reason text, now_at ms, steps json',
);
const ENDED_RUN_ROWS = columns(
  'w text, c text, id text, version int, status text, node text, ended_at ms, reason text, now_at ms, steps json',
);

/**
 * Runs one statement over many rows, passed as one array parameter per column of `spec`
 * (constant statement size); `text` gets the `(…) as v` subquery that reads them.
 */
async function bulk(tx: Transaction, spec: Columns, text: (rows: string) => string, rows: readonly object[]) {
  if (rows.length === 0) return [];
  return (await tx.sql.executeSql(text(rowsFrom(spec)), arrays(spec, rows))).rows;
}

/**
 * Writes a change set in the caller's transaction: customers, runs, steps, stage history, the
 * outbox, date-trigger schedules, processed events, and the jobs for timers and
 * deliveries. Either all of it commits with the state change or none of it does.
 */
export async function commitChanges(
  tx: Transaction,
  changes: ChangeSet,
  /** The test clock the work ran on: its jobs wait for that clock, and nothing is counted. */
  clockId: string | null = null,
  /** Channels with a provider fixed by the embedder, used whatever the workspace configured. */
  fixedChannels: { has(channel: string): boolean } = new Set<string>(),
): Promise<{ delivered: number }> {
  const customers = [...changes.customers.values()];
  await bulk(
    tx,
    CUSTOMER_ROWS,
    (v) =>
      `insert into customers (workspace_id, customer_id, traits, time_zone, invalid_time_zone, stage, stage_changed_at, tags,
       first_seen_at, last_seen_at, last_event_at, updated_at)
     select w, c, traits, tz, bad_tz, stage, stage_at, tags, now_at, seen, last_event, now_at
     from ${v}
     on conflict (workspace_id, customer_id) do update set traits = excluded.traits, time_zone = excluded.time_zone,
       invalid_time_zone = excluded.invalid_time_zone, stage = excluded.stage, stage_changed_at = excluded.stage_changed_at,
       tags = excluded.tags, last_seen_at = excluded.last_seen_at,
       last_event_at = greatest(customers.last_event_at, excluded.last_event_at), updated_at = excluded.updated_at`,
    customers
      .filter((c) => c.rowChanged)
      .map((c) => ({
        w: c.workspaceId,
        c: c.customerId,
        traits: c.profile.traits,
        tz: c.profile.timeZone,
        bad_tz: c.invalidTimeZone,
        stage: c.profile.stage,
        stage_at: c.stageChangedAt,
        tags: c.profile.tags,
        seen: c.lastSeenAt,
        last_event: c.lastEventAt,
        now_at: changes.now,
      })),
  );
  const steps = runStepRows(changes);
  const onRuns = await writeRuns(tx, changes, customers, steps);
  await bulk(
    tx,
    STEP_ROWS,
    (v) =>
      `insert into run_steps (workspace_id, customer_id, run_id, journey_id, version, steps, at)
     select w, c, run_id, journey_id, version, steps, at
     from ${v}`,
    onRuns.size === 0 ? [...steps.values()] : [...steps.values()].filter((row) => !onRuns.has(row)),
  );
  await bulk(
    tx,
    STAGE_ROWS,
    (v) =>
      `insert into stage_history (workspace_id, customer_id, from_stage, to_stage, journey_id, run_id, node_id, at)
     select w, c, from_stage, to_stage, journey_id, run_id, node_id, at
     from ${v}`,
    changes.stages.map((s) => ({
      w: s.workspaceId,
      c: s.customerId,
      from_stage: s.fromStage,
      to_stage: s.toStage,
      journey_id: s.journeyId,
      run_id: s.runId,
      node_id: s.nodeId,
      at: s.at,
    })),
  );
  const inserted = await bulk(
    tx,
    MESSAGE_ROWS,
    (v) =>
      // Only rows really inserted and waiting for a channel come back (see deliveries below). A
      // message on a channel the workspace has no provider for is settled here, as the settings
      // stand in this transaction: queuing it would cost a delivery job and a claim to learn the same.
      `with inserted as (
         insert into messages (workspace_id, customer_id, id, kind, run_id, journey_id, version, node_id, visit,
           channel, name, "to", subject, body, url, request, status, last_error, next_attempt_at, created_at,
           updated_at)
         select w, c, id, kind, run_id, journey_id, version, node_id, visit, channel, name, "to", subject, body, url,
           request,
           case when p.missing then 'no_provider' else status end,
           case when p.missing then 'not sent: no ' || channel || ' provider is configured; the message was stored, not sent'
             else last_error end,
           at, at, at
         from ${v}
         cross join lateral (
           select own_provider and not exists (
             select 1 from channel_settings s where s.workspace_id = v.w and s.channel = v.channel
           ) as missing
         ) p
         on conflict (workspace_id, customer_id, id) do nothing
         returning workspace_id, customer_id, id, status
       )
       select workspace_id, customer_id, id from inserted where status = 'queued'`,
    changes.outbox.map((m) => ({
      w: m.workspaceId,
      c: m.customerId,
      id: m.id,
      kind: m.kind,
      run_id: m.runId,
      journey_id: m.journeyId,
      version: m.version,
      node_id: m.nodeId,
      visit: m.visit,
      channel: m.channel,
      name: m.name,
      to: m.to,
      subject: m.subject,
      body: m.body,
      url: m.url,
      request: m.request,
      status: m.status,
      last_error: m.lastError,
      own_provider:
        m.status === 'queued' &&
        m.channel !== null &&
        PROVIDER_CHANNELS.has(m.channel) &&
        !fixedChannels.has(m.channel),
      at: m.at,
    })),
  );
  // Only rows that were really inserted get a delivery job: a repeated key is never sent again.
  const deliveries: JobRequest[] = inserted.map((r) => ({
    name: DELIVER_QUEUE,
    data: {
      workspaceId: String(r.workspace_id),
      customerId: String(r.customer_id),
      messageId: String(r.id),
    },
    startAt: changes.now,
  }));
  await writeSchedules(tx, changes);
  // Test-clock customers are left out of experiments, as of the counters below.
  if (clockId === null) await writeExperimentEntries(tx, changes);
  await bulk(
    tx,
    APPLIED_EVENTS,
    (v) =>
      `update events e set processed_at = v.at
     from ${v}
     where e.workspace_id = v.w and e.customer_id = v.c and e.seq = v.seq`,
    changes.processedEvents.map((e) => ({
      w: e.workspaceId,
      c: e.customerId,
      seq: e.seq,
      at: changes.now,
    })),
  );
  await insertJobs(tx.sql, [...changes.jobs, ...deliveries], clockId);
  // Test-clock customers are left out of journey statistics.
  if (clockId === null) await writeCounters(tx, changes);
  return { delivered: deliveries.length };
}

/** Conversions of stored assignments first, then this set's assignments (already marked in memory). */
async function writeExperimentEntries(tx: Transaction, changes: ChangeSet): Promise<void> {
  await bulk(
    tx,
    CONVERSION_ROWS,
    (v) =>
      `update experiment_entries e set converted_at = v.at
     from ${v}
     where e.workspace_id = v.w and e.customer_id = v.c and e.journey_id = v.journey_id and e.node_id = v.node_id
       and e.converted_at is null and e.entered_at >= v.since`,
    changes.conversions.map((c) => ({
      w: c.workspaceId,
      c: c.customerId,
      journey_id: c.journeyId,
      node_id: c.nodeId,
      since: c.since,
      at: c.at,
    })),
  );
  await bulk(
    tx,
    ASSIGNMENT_ROWS,
    (v) =>
      `insert into experiment_entries (workspace_id, customer_id, journey_id, node_id, run_id, version, arm, entered_at,
       converted_at)
     select w, c, journey_id, node_id, run_id, version, arm, at, converted_at
     from ${v}
     on conflict do nothing`,
    changes.assignments.map((a) => ({
      w: a.workspaceId,
      c: a.customerId,
      journey_id: a.journeyId,
      node_id: a.nodeId,
      run_id: a.runId,
      version: a.version,
      arm: a.arm,
      at: a.at,
      converted_at: a.convertedAt,
    })),
  );
}

async function writeSchedules(tx: Transaction, changes: ChangeSet): Promise<void> {
  const upserts: object[] = [];
  const deletes: object[] = [];
  for (const c of changes.customers.values()) {
    for (const key of c.changedSchedules()) {
      const [journeyId, nodeId] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
      const schedule = c.schedules.get(key);
      const id = { w: c.workspaceId, c: c.customerId, journey_id: journeyId, node_id: nodeId };
      if (schedule) upserts.push({ ...id, version: schedule.version, fire_at: schedule.fireAt });
      else deletes.push(id);
    }
  }
  await bulk(
    tx,
    SCHEDULE_ROWS,
    (v) =>
      `insert into trigger_schedules (workspace_id, customer_id, journey_id, node_id, version, fire_at)
     select w, c, journey_id, node_id, version, fire_at
     from ${v}
     on conflict (workspace_id, customer_id, journey_id, node_id) do update
       set version = excluded.version, fire_at = excluded.fire_at`,
    upserts,
  );
  await bulk(
    tx,
    SCHEDULE_KEYS,
    (v) =>
      `delete from trigger_schedules t using ${v}
     where t.workspace_id = v.w and t.customer_id = v.c and t.journey_id = v.journey_id and t.node_id = v.node_id`,
    deletes,
  );
}

/** The steps this transaction recorded for one run (and version), in order, as a run_steps row. */
interface StepsRow {
  w: string;
  c: string;
  run_id: string;
  journey_id: string;
  version: number;
  steps: unknown[];
  at: number;
}

/** One row per run and version: the steps this transaction recorded for it, in order. */
function runStepRows(changes: ChangeSet): Map<string, StepsRow> {
  const byRun = new Map<string, StepsRow>();
  let last: StepsRow | undefined;
  for (const s of changes.steps) {
    // A run's steps are mostly recorded one after the other: reuse the last row without a lookup.
    let row =
      last?.run_id === s.runId && last.version === s.version ? last : byRun.get(stepsKey(s.runId, s.version));
    if (!row) {
      row = {
        w: s.workspaceId,
        c: s.customerId,
        run_id: s.runId,
        journey_id: s.journeyId,
        version: s.version,
        steps: [],
        at: s.at,
      };
      byRun.set(stepsKey(s.runId, s.version), row);
    }
    last = row;
    row.steps.push({ nodeId: s.nodeId, visit: s.visit, kind: s.kind, port: s.port });
  }
  return byRun;
}

const stepsKey = (runId: string, version: number) => `${runId}\u0000${version}`;

/** Key order of counter rows: journey, version, then `last`; locks taken in it never deadlock. */
function counterOrder<T extends { journeyId: string; version: number }>(last: (row: T) => string) {
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return (a: T, b: T) => text(a.journeyId, b.journeyId) || a.version - b.version || text(last(a), last(b));
}

/**
 * Adds this transaction's counts to node_counters, edge_counters, journey_counters and
 * stage_counters. Rows are written in key order (the array's order, which rowsFrom keeps, or an
 * `order by`), so two
 * transactions touching the same counters always lock them in the same order (no deadlock);
 * it runs last, so those row locks are held only until the commit.
 */
export async function writeCounters(tx: Transaction, changes: ChangeSet): Promise<void> {
  const rows = [...changes.counters.values()].sort(counterOrder((r) => r.nodeId));
  await bulk(
    tx,
    COUNTER_ROWS,
    (v) =>
      `insert into node_counters (journey_id, version, node_id, entered, completed, errored)
     select journey_id, version, node_id, entered, completed, errored
     from ${v}
     on conflict (journey_id, version, node_id) do update set entered = node_counters.entered + excluded.entered,
       completed = node_counters.completed + excluded.completed, errored = node_counters.errored + excluded.errored`,
    rows.map((r) => ({
      journey_id: r.journeyId,
      version: r.version,
      node_id: r.nodeId,
      entered: r.entered,
      completed: r.completed,
      errored: r.errored,
    })),
  );
  const runCounts = [...changes.runCounts.values()].sort(counterOrder((r) => r.outcome));
  await bulk(
    tx,
    RUN_COUNT_ROWS,
    (v) =>
      `insert into journey_counters (journey_id, version, outcome, runs)
     select journey_id, version, outcome, runs from ${v}
     on conflict (journey_id, version, outcome) do update set runs = journey_counters.runs + excluded.runs`,
    runCounts.map((r) => ({ journey_id: r.journeyId, version: r.version, outcome: r.outcome, runs: r.runs })),
  );
  const edgeCounts = [...changes.edgeCounts.values()].sort(counterOrder((r) => `${r.nodeId}\u0000${r.port}`));
  await bulk(
    tx,
    EDGE_COUNT_ROWS,
    (v) =>
      `insert into edge_counters (journey_id, version, node_id, port, passed, converted)
     select journey_id, version, node_id, port, passed, converted from ${v}
     on conflict (journey_id, version, node_id, port) do update set passed = edge_counters.passed + excluded.passed,
       converted = edge_counters.converted + excluded.converted`,
    edgeCounts.map((r) => ({
      journey_id: r.journeyId,
      version: r.version,
      node_id: r.nodeId,
      port: r.port,
      passed: r.passed,
      converted: r.converted,
    })),
  );
  await bulk(
    tx,
    STAGE_COUNT_ROWS,
    (v) =>
      // Each change is an entry into to_stage and, when it ends a stay, a move out of from_stage
      // (counted on the day it happened, by duration, and on the day the stay began); see
      // stage_counters in the schema.
      `insert into stage_counters (workspace_id, day, stage, moved_to, stay_bin, entered, exits, exits_of_entries)
     select w, day, stage, moved_to, stay_bin, sum(entered), sum(exits), sum(exits_of_entries)
     from ${v} cross join lateral (values
       ((at at time zone 'UTC')::date, to_stage, '', -1::smallint, 1, 0, 0),
       ((at at time zone 'UTC')::date, from_stage, to_stage, -1::smallint, 0, 1, 0),
       ((at at time zone 'UTC')::date, from_stage, '', stage_stay_bin(extract(epoch from at - from_at)::float8), 0, 1, 0),
       ((from_at at time zone 'UTC')::date, from_stage, to_stage, -1::smallint, 0, 0, 1)
     ) as x(day, stage, moved_to, stay_bin, entered, exits, exits_of_entries)
     where x.day is not null and x.stage is not null and x.stay_bin is not null
     group by w, day, stage, moved_to, stay_bin order by w, day, stage, moved_to, stay_bin
     on conflict (workspace_id, day, stage, moved_to, stay_bin) do update set
       entered = stage_counters.entered + excluded.entered, exits = stage_counters.exits + excluded.exits,
       exits_of_entries = stage_counters.exits_of_entries + excluded.exits_of_entries`,
    changes.stages.map((s) => ({
      w: s.workspaceId,
      from_stage: s.fromStage,
      to_stage: s.toStage,
      at: s.at,
      from_at: s.fromAt,
    })),
  );
}

/**
 * New runs are inserted, known ones updated (cheaper than insert-or-update for every row). A new
 * run's steps go on its row, as do the steps of the transaction that ends a known run; returns
 * those step rows, which need no run_steps row.
 */
async function writeRuns(
  tx: Transaction,
  changes: ChangeSet,
  customers: CustomerRecord[],
  steps: Map<string, StepsRow>,
): Promise<Set<StepsRow>> {
  const onRuns = new Set<StepsRow>();
  const rows = customers.flatMap((c) =>
    c.runs
      .filter((r) => r.changed && r.state)
      .map((r) => ({
        stored: r.stored,
        w: c.workspaceId,
        c: c.customerId,
        id: r.id,
        journey_id: r.journeyId,
        version: r.version,
        status: r.status,
        // An ended run is never resumed, so its state is not kept: the columns say how it ended,
        // and most runs end in the transaction that writes them.
        state: r.status === 'active' ? r.state : null,
        node: r.state!.currentNodeId,
        wake_at: r.status === 'active' ? r.state!.wakeAt : null,
        trigger_node: r.triggerNodeId,
        entered_at: r.enteredAt,
        ended_at: r.endedAt,
        reason: r.exitReason,
        now_at: changes.now,
        // A run's first steps, or its last: either way the run's own row holds them.
        steps: !r.stored || r.status !== 'active' ? ownSteps(steps, onRuns, r.id, r.version) : null,
      })),
  );
  await bulk(
    tx,
    RUN_ROWS,
    (v) =>
      `insert into journey_runs (workspace_id, customer_id, id, journey_id, version, status, state, current_node_id,
         wake_at, trigger_node_id, entered_at, ended_at, exit_reason, updated_at, steps)
       select w, c, id, journey_id, version, status, state, node, wake_at, trigger_node, entered_at, ended_at, reason,
         now_at, steps
       from ${v}`,
    rows.filter((r) => !r.stored),
  );
  await bulk(
    tx,
    RUN_ROWS,
    (v) =>
      `update journey_runs r set version = v.version, status = v.status, state = v.state, current_node_id = v.node,
       wake_at = v.wake_at, ended_at = v.ended_at, exit_reason = v.reason, updated_at = v.now_at
     from ${v}
     where r.workspace_id = v.w and r.customer_id = v.c and r.id = v.id`,
    rows.filter((r) => r.stored && r.status === 'active'),
  );
  // An ended run keeps no state and no wake time: fewer columns to send and read.
  await bulk(
    tx,
    ENDED_RUN_ROWS,
    (v) =>
      `update journey_runs r set version = v.version, status = v.status, state = null, current_node_id = v.node,
       wake_at = null, ended_at = v.ended_at, exit_reason = v.reason, updated_at = v.now_at, final_steps = v.steps
     from ${v}
     where r.workspace_id = v.w and r.customer_id = v.c and r.id = v.id`,
    rows.filter((r) => r.stored && r.status !== 'active'),
  );
  return onRuns;
}

/** The steps this transaction recorded for a run, to store on the run's row instead of in run_steps. */
function ownSteps(steps: Map<string, StepsRow>, onRuns: Set<StepsRow>, runId: string, version: number) {
  const row = steps.get(stepsKey(runId, version));
  if (!row) return null;
  onRuns.add(row);
  return row.steps;
}
