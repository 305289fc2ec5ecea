import { randomBytes } from 'node:crypto';
import {
  type Database,
  type SegmentRow,
  segmentChecks,
  segmentMembers,
  segmentSizes,
  segments,
} from '@stagecraft/db';
import { and, asc, eq, gt } from 'drizzle-orm';
import { storeCustomerValues } from '../analytics/customer-values';
import { TIMER_QUEUE } from '../runtime/jobs';
import { isoTime } from '../runtime/timestamps';
import { compileRules, readsClv, windowedEvents } from './compile';
import type { SegmentRuleGroup } from './rules';

/** How far back the change cursor looks again, so a transaction that committed late is not missed. */
const CURSOR_OVERLAP_MS = 60_000;
/** Most due window checks handled per segment and sweep; the rest wait for the next sweep. */
const CHECKS_PER_SWEEP = 10_000;

export interface SegmentView {
  id: string;
  name: string;
  rules: SegmentRuleGroup;
  size: number;
  createdAt: string;
  updatedAt: string;
}

/** A live journey that names the segment, which keeps it from being deleted. */
export interface SegmentUse {
  journeyId: string;
  name: string;
}

/** Saved segments and their membership, kept current incrementally (docs/analytics.md, Segments). */
export function createSegmentService(database: Database, now: () => number) {
  const { db, sql } = database;

  /**
   * Re-evaluates `segment` for the given customers (all of the workspace's when null): members
   * who no longer match leave, new matches enter, the size moves by the difference, and the next
   * time-driven recheck of each customer with events inside a window is stored. Customers on a
   * test clock are never members. Each entry and exit also queues one timer job per direction
   * that a live journey's saved-segment trigger starts on, in the same statement as the change,
   * so every membership change fires once, whichever process made it.
   */
  async function evaluate(segment: SegmentRow, customerIds: string[] | null, at: number): Promise<void> {
    const rules = segment.rules as unknown as SegmentRuleGroup;
    const triggers = await triggerChanges(segment);
    const params: unknown[] = [segment.workspaceId, segment.id, new Date(at).toISOString(), triggers];
    const scope = customerIds ? ` and c.customer_id = any(${push(params, customerIds)}::text[])` : '';
    const expression = compileRules(rules, params, 3);
    const job = (change: 'entered' | 'left') =>
      `jsonb_build_object('kind', 'segment', 'workspaceId', $1::text, 'customerId', customer_id,
         'segmentId', $2::text, 'change', '${change}', 'fireAt', ${Math.trunc(at)})`;
    const { rows } = await sql.executeSql(
      `with verdict as (
         select c.customer_id, c.test_clock_id is null and ${expression} as inside
         from customers c where c.workspace_id = $1${scope}
       ), entered as (
         insert into segment_members (workspace_id, segment_id, customer_id, entered_at)
         select $1, $2, customer_id, $3 from verdict where inside
         on conflict do nothing returning customer_id
       ), gone as (
         delete from segment_members m using verdict v
         where m.workspace_id = $1 and m.segment_id = $2 and m.customer_id = v.customer_id and not v.inside
         returning m.customer_id
       ), fired as (
         insert into jobs (workspace_id, customer_id, queue, data, due_at)
         select $1, customer_id, '${TIMER_QUEUE}', ${job('entered')}, $3 from entered where 'entered' = any($4::text[])
         union all
         select $1, customer_id, '${TIMER_QUEUE}', ${job('left')}, $3 from gone where 'left' = any($4::text[])
         returning 1
       )
       select (select count(*) from entered)::int as entered, (select count(*) from gone)::int as gone,
         (select count(*) from fired)::int as fired`,
      params,
    );
    const change = Number(rows[0]?.entered ?? 0) - Number(rows[0]?.gone ?? 0);
    if (customerIds === null) {
      await sql.executeSql(
        `update segments set size = (select count(*) from segment_members where workspace_id = $1 and segment_id = $2)
         where workspace_id = $1 and id = $2`,
        [segment.workspaceId, segment.id],
      );
    } else if (change !== 0) {
      await sql.executeSql('update segments set size = size + $3 where workspace_id = $1 and id = $2', [
        segment.workspaceId,
        segment.id,
        change,
      ]);
    }
    await scheduleChecks(segment, rules, customerIds, at);
  }

  /** The directions (`entered`, `left`) live journeys' saved-segment triggers start on for this segment. */
  async function triggerChanges(segment: SegmentRow): Promise<string[]> {
    const { rows } = await sql.executeSql(
      `select distinct coalesce(n -> 'config' ->> 'change', 'entered') as change
       from journeys j join journey_versions v on v.journey_id = j.id and v.version = j.published_version,
         jsonb_array_elements(v.document -> 'nodes') n
       where j.workspace_id = $1 and j.status = 'live' and n ->> 'type' = 'segment-trigger'
         and n -> 'config' ->> 'source' = 'saved' and n -> 'config' ->> 'segmentId' = $2`,
      [segment.workspaceId, segment.id],
    );
    return rows.map((r) => String(r.change));
  }

  /** The moment each customer's oldest in-window event leaves its window: their verdict may change then. */
  async function scheduleChecks(
    segment: SegmentRow,
    rules: SegmentRuleGroup,
    customerIds: string[] | null,
    at: number,
  ) {
    await sql.executeSql(
      `delete from segment_checks where workspace_id = $1 and segment_id = $2${customerIds ? ' and customer_id = any($3::text[])' : ''}`,
      customerIds ? [segment.workspaceId, segment.id, customerIds] : [segment.workspaceId, segment.id],
    );
    const windowed = windowedEvents(rules);
    if (windowed.length === 0) return;
    const params: unknown[] = [segment.workspaceId, segment.id, new Date(at).toISOString()];
    const scope = customerIds ? ` and customer_id = any(${push(params, customerIds)}::text[])` : '';
    const leaving = windowed.map(({ event, withinSeconds }) => {
      const seconds = push(params, withinSeconds);
      return `(select min(e.timestamp) + make_interval(secs => ${seconds}::int) from events e
        where e.workspace_id = c.workspace_id and e.customer_id = c.customer_id and e.type = 'track'
          and e.name = ${push(params, event)} and e.timestamp <= $3
          and e.timestamp > $3::timestamptz - make_interval(secs => ${seconds}::int))`;
    });
    await sql.executeSql(
      `insert into segment_checks (workspace_id, segment_id, customer_id, due_at)
       select $1, $2, c.customer_id, d.due from customers c, lateral (select least(${leaving.join(', ')}) as due) d
       where c.workspace_id = $1${scope.replace('customer_id', 'c.customer_id')} and d.due is not null`,
      params,
    );
  }

  async function recordSize(segment: { workspaceId: string; id: string }, at: number) {
    const [row] = await db
      .select({ size: segments.size })
      .from(segments)
      .where(and(eq(segments.workspaceId, segment.workspaceId), eq(segments.id, segment.id)));
    if (!row) return;
    const day = new Date(at).toISOString().slice(0, 10);
    await db
      .insert(segmentSizes)
      .values({ workspaceId: segment.workspaceId, segmentId: segment.id, day, size: row.size })
      .onConflictDoUpdate({
        target: [segmentSizes.workspaceId, segmentSizes.segmentId, segmentSizes.day],
        set: { size: row.size },
      });
  }

  async function row(workspaceId: string, id: string): Promise<SegmentRow | undefined> {
    const [found] = await db
      .select()
      .from(segments)
      .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id)));
    return found;
  }

  /** Builds every member from scratch, under the sweep's lock so the two never interleave. */
  async function rebuild(segment: SegmentRow): Promise<SegmentView> {
    return database.exclusive(SEGMENTS_LOCK, async () => {
      const at = now();
      await evaluate(segment, null, at);
      await db
        .update(segments)
        .set({ evaluatedThrough: new Date(at) })
        .where(and(eq(segments.workspaceId, segment.workspaceId), eq(segments.id, segment.id)));
      await recordSize(segment, at);
      return view((await row(segment.workspaceId, segment.id))!);
    });
  }

  return {
    async list(workspaceId: string): Promise<SegmentView[]> {
      const rows = await db
        .select()
        .from(segments)
        .where(eq(segments.workspaceId, workspaceId))
        .orderBy(asc(segments.name));
      return rows.map(view);
    },

    async get(workspaceId: string, id: string): Promise<SegmentView | null> {
      const found = await row(workspaceId, id);
      return found ? view(found) : null;
    },

    async create(
      workspaceId: string,
      input: { name: string; rules: SegmentRuleGroup },
    ): Promise<SegmentView> {
      const at = new Date(now());
      const [created] = await db
        .insert(segments)
        .values({
          workspaceId,
          id: `seg_${randomBytes(8).toString('hex')}`,
          name: input.name,
          rules: input.rules as unknown as Record<string, unknown>,
          evaluatedThrough: at,
          createdAt: at,
          updatedAt: at,
        })
        .returning();
      return rebuild(created!);
    },

    async update(workspaceId: string, id: string, input: { name: string; rules: SegmentRuleGroup }) {
      const [updated] = await db
        .update(segments)
        .set({
          name: input.name,
          rules: input.rules as unknown as Record<string, unknown>,
          updatedAt: new Date(now()),
        })
        .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id)))
        .returning();
      return updated ? rebuild(updated) : null;
    },

    /** Live journeys whose published version names the segment. */
    async uses(workspaceId: string, id: string): Promise<SegmentUse[]> {
      const { rows } = await sql.executeSql(
        `select j.id, j.name from journeys j join journey_versions v
           on v.journey_id = j.id and v.version = j.published_version
         where j.workspace_id = $1 and j.status = 'live' and jsonb_path_exists(v.document, '$.** ? (@.segmentId == $id)', jsonb_build_object('id', $2::text))`,
        [workspaceId, id],
      );
      return rows.map((r) => ({ journeyId: String(r.id), name: String(r.name) }));
    },

    async remove(workspaceId: string, id: string): Promise<boolean> {
      return database.transaction(async (tx) => {
        const deleted = await tx.db
          .delete(segments)
          .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id)))
          .returning({ id: segments.id });
        for (const table of [segmentMembers, segmentChecks, segmentSizes]) {
          await tx.db.delete(table).where(and(eq(table.workspaceId, workspaceId), eq(table.segmentId, id)));
        }
        return deleted.length > 0;
      });
    },

    /** The size the rules would have now and ten sample customers, without saving anything. */
    async preview(workspaceId: string, rules: SegmentRuleGroup): Promise<{ size: number; sample: string[] }> {
      const params: unknown[] = [workspaceId, null, new Date(now()).toISOString()];
      const expression = compileRules(rules, params, 3);
      const { rows } = await sql.executeSql(
        `select count(*)::int as size, (array_agg(customer_id order by customer_id))[1:10] as sample from (
           select c.customer_id from customers c
           where c.workspace_id = $1 and c.test_clock_id is null and $2::text is null and $3::timestamptz is not null
             and ${expression}
         ) m`,
        params,
      );
      return { size: Number(rows[0]?.size ?? 0), sample: (rows[0]?.sample as string[] | null) ?? [] };
    },

    /** Members in customer id order, `limit` at a time after `after`. */
    async members(workspaceId: string, id: string, after: string | undefined, limit: number) {
      const rows = await db
        .select({ customerId: segmentMembers.customerId, enteredAt: segmentMembers.enteredAt })
        .from(segmentMembers)
        .where(
          and(
            eq(segmentMembers.workspaceId, workspaceId),
            eq(segmentMembers.segmentId, id),
            after === undefined ? undefined : gt(segmentMembers.customerId, after),
          ),
        )
        .orderBy(asc(segmentMembers.customerId))
        .limit(limit + 1);
      const page = rows
        .slice(0, limit)
        .map((r) => ({ customerId: r.customerId, enteredAt: isoTime(r.enteredAt) }));
      return { customers: page, next: rows.length > limit ? page[page.length - 1]!.customerId : null };
    },

    async sizeHistory(workspaceId: string, id: string) {
      const rows = await db
        .select({ day: segmentSizes.day, size: segmentSizes.size })
        .from(segmentSizes)
        .where(and(eq(segmentSizes.workspaceId, workspaceId), eq(segmentSizes.segmentId, id)))
        .orderBy(asc(segmentSizes.day));
      return rows;
    },

    /**
     * One incremental pass: first the stored lifetime value of each customer changed since the
     * last pass, then every segment: customers changed since the segment's cursor (an event or
     * identify applied to them), customers whose window check is due and, for rules on lifetime
     * value, customers valued again since, are re-evaluated; nobody else. Runs under a lock so
     * processes do not interleave.
     */
    async sweep(): Promise<{ evaluated: number; valued: number }> {
      return database.exclusive(SEGMENTS_LOCK, async () => {
        const at = now();
        const valued = await refreshValues(at);
        let evaluated = 0;
        for (const segment of await db.select().from(segments)) {
          const since = new Date(segment.evaluatedThrough.getTime() - CURSOR_OVERLAP_MS).toISOString();
          const until = new Date(at).toISOString();
          const [changed, due, revalued] = await Promise.all([
            sql.executeSql(
              'select customer_id from customers where workspace_id = $1 and updated_at > $2 and updated_at <= $3',
              [segment.workspaceId, since, until],
            ),
            sql.executeSql(
              `select customer_id from segment_checks where workspace_id = $1 and segment_id = $2 and due_at <= $3
               order by due_at limit ${CHECKS_PER_SWEEP}`,
              [segment.workspaceId, segment.id, until],
            ),
            readsClv(segment.rules as unknown as SegmentRuleGroup)
              ? sql.executeSql(
                  'select customer_id from customer_values where workspace_id = $1 and computed_at > $2 and computed_at <= $3',
                  [segment.workspaceId, since, until],
                )
              : { rows: [] },
          ]);
          const ids = [
            ...new Set([...changed.rows, ...due.rows, ...revalued.rows].map((r) => String(r.customer_id))),
          ];
          if (ids.length > 0) await evaluate(segment, ids, at);
          evaluated += ids.length;
          await db
            .update(segments)
            .set({ evaluatedThrough: new Date(at) })
            .where(and(eq(segments.workspaceId, segment.workspaceId), eq(segments.id, segment.id)));
          await recordSize(segment, at);
        }
        return { evaluated, valued };
      });
    },
  };

  /**
   * Values again the customers of each workspace changed since its newest stored value (every
   * listed customer gets a row, so that moment is the cursor), looking a minute further back
   * as segments do.
   */
  async function refreshValues(at: number): Promise<number> {
    let valued = 0;
    const { rows: workspaces } = await sql.executeSql('select id from workspaces');
    for (const { id } of workspaces) {
      const workspaceId = String(id);
      const { rows } = await sql.executeSql(
        `select customer_id from customers where workspace_id = $1 and updated_at <= $2 and updated_at >
           coalesce((select max(computed_at) from customer_values where workspace_id = $1), '-infinity') - interval '1 minute'`,
        [workspaceId, new Date(at).toISOString()],
      );
      if (rows.length === 0) continue;
      valued += await storeCustomerValues(
        database,
        workspaceId,
        rows.map((r) => String(r.customer_id)),
        at,
      );
    }
    return valued;
  }
}

export type SegmentService = ReturnType<typeof createSegmentService>;

/** The advisory lock key of segment membership passes. */
export const SEGMENTS_LOCK = 7_245_118_906;

function push(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

function view(row: SegmentRow): SegmentView {
  return {
    id: row.id,
    name: row.name,
    rules: row.rules as unknown as SegmentRuleGroup,
    size: row.size,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}
