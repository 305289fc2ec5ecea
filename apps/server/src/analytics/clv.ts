import { type ClvFit, fitClv, summarize, type TimeUnit } from '@stagecraft/clv';
import { type ClvModelRow, clvModels, type Database } from '@stagecraft/db';
import { desc, eq } from 'drizzle-orm';
import { isoTime } from '../runtime/timestamps';
import { localDay } from './calendar';
import { type CustomerClv, storeCustomerValues, valueCustomer } from './customer-values';
import { purchaseDays } from './purchases';
import { readAnalyticsSettings } from './settings';

/** A fitted model as GET /api/analytics/clv/model answers it. */
export interface ClvModelView {
  fittedAt: string;
  observationEnd: string;
  timeUnit: TimeUnit;
  customers: number;
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number };
  gammaGamma: { p: number; q: number; v: number; customers: number };
}

export type { CustomerClv } from './customer-values';

export type FitOutcome = { ok: true; model: ClvModelView } | Extract<ClvFit, { ok: false }>;

/** Fits, stores and reads customer lifetime value models of a workspace. */
export function createClvService(database: Database, now: () => number) {
  const { db, sql } = database;

  async function workspaceZone(workspaceId: string): Promise<string> {
    const { rows } = await sql.executeSql('select time_zone from workspaces where id = $1', [workspaceId]);
    return String(rows[0]?.time_zone ?? 'UTC');
  }

  return {
    /**
     * Fits BG/NBD and Gamma-Gamma on the purchases up to `observationEnd` (default: today in the
     * workspace's zone) and stores the model; or says why the data cannot support one.
     */
    async fit(
      workspaceId: string,
      options: { observationEnd?: string; timeUnit?: TimeUnit } = {},
    ): Promise<FitOutcome> {
      const timeZone = await workspaceZone(workspaceId);
      const settings = await readAnalyticsSettings(db, workspaceId);
      const observationEnd = options.observationEnd ?? localDay(now(), timeZone);
      const timeUnit = options.timeUnit ?? 'weeks';
      const purchases = await purchaseDays(sql, {
        workspaceId,
        timeZone,
        settings,
        lastDay: observationEnd,
        realOnly: true,
      });
      const result = fitClv(summarize(purchases, observationEnd, timeUnit));
      if (!result.ok) return result;
      const [row] = await db
        .insert(clvModels)
        .values({
          workspaceId,
          fittedAt: new Date(now()),
          observationEnd,
          timeUnit,
          customers: result.model.customers,
          bgnbd: result.model.bgnbd,
          gammaGamma: result.model.gammaGamma,
        })
        .returning();
      // Every customer's stored value moves with the model (segments and conditions read them).
      await storeCustomerValues(database, workspaceId, null, now());
      return { ok: true, model: view(row!) };
    },

    /** The newest model of the workspace, or null before the first successful fit. */
    async latest(workspaceId: string): Promise<ClvModelView | null> {
      const row = await latestRow(workspaceId);
      return row ? view(row) : null;
    },

    /** Historical revenue and, with a model, the predicted value over the workspace's CLV horizon. */
    async customer(workspaceId: string, customerId: string): Promise<CustomerClv> {
      const [timeZone, settings, model] = await Promise.all([
        workspaceZone(workspaceId),
        readAnalyticsSettings(db, workspaceId),
        latestRow(workspaceId),
      ]);
      const today = localDay(now(), timeZone);
      const purchases = await purchaseDays(sql, {
        workspaceId,
        timeZone,
        settings,
        lastDay: today,
        customerIds: [customerId],
      });
      return valueCustomer(purchases, today, model, settings.clvHorizonDays);
    },

    /** Workspaces whose newest model is older than `maxAgeMs`, or that have none. */
    async staleWorkspaces(maxAgeMs: number): Promise<string[]> {
      const { rows } = await sql.executeSql(
        `select w.id from workspaces w
         where not exists (select 1 from clv_models m where m.workspace_id = w.id and m.fitted_at > $1)`,
        [new Date(now() - maxAgeMs).toISOString()],
      );
      return rows.map((r) => String(r.id));
    },
  };

  async function latestRow(workspaceId: string): Promise<ClvModelRow | undefined> {
    const [row] = await db
      .select()
      .from(clvModels)
      .where(eq(clvModels.workspaceId, workspaceId))
      .orderBy(desc(clvModels.fittedAt), desc(clvModels.id))
      .limit(1);
    return row;
  }
}

export type ClvService = ReturnType<typeof createClvService>;

function view(row: ClvModelRow): ClvModelView {
  return {
    fittedAt: isoTime(row.fittedAt),
    observationEnd: row.observationEnd,
    timeUnit: row.timeUnit,
    customers: row.customers,
    bgnbd: row.bgnbd,
    gammaGamma: row.gammaGamma,
  };
}
