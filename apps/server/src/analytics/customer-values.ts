import { customerValue, type Purchase, summarize, unitDays } from '@stagecraft/clv';
import type { ClvModelRow, Database, SqlExecutor } from '@stagecraft/db';
import { arrays, columns, rowsFrom } from '../runtime/column-arrays';
import { localDay } from './calendar';
import { purchaseDays } from './purchases';
import { readAnalyticsSettings } from './settings';

/** A customer's value as GET /api/customers/:id shows it; predictions are null without a model or a purchase. */
export interface CustomerClv {
  historical: number;
  predicted: number | null;
  horizonDays: number;
  expectedPurchases: number | null;
  probabilityAlive: number | null;
}

/**
 * Values one customer from their purchase days (up to `today`): historical revenue always, and
 * with a model the prediction over `horizonDays` (null when the model's numbers are not finite).
 */
export function valueCustomer(
  purchases: readonly Purchase[],
  today: string,
  model: Pick<ClvModelRow, 'customers' | 'bgnbd' | 'gammaGamma' | 'timeUnit'> | undefined,
  horizonDays: number,
): CustomerClv {
  const historical = purchases.reduce((sum, p) => sum + p.amount, 0);
  const empty = { historical, predicted: null, horizonDays, expectedPurchases: null, probabilityAlive: null };
  const [summary] = summarize(purchases, today, model?.timeUnit ?? 'days');
  if (!model || !summary) return empty;
  const value = customerValue(model, summary, horizonDays / unitDays(model.timeUnit));
  if (!Number.isFinite(value.predicted)) return empty;
  return {
    historical,
    predicted: value.predicted,
    horizonDays,
    expectedPurchases: value.expectedPurchases,
    probabilityAlive: value.probabilityAlive,
  };
}

/** The newest model of a workspace, or undefined before its first fit. */
export async function latestModel(sql: SqlExecutor, workspaceId: string): Promise<ClvModelRow | undefined> {
  const { rows } = await sql.executeSql(
    `select customers, bgnbd, gamma_gamma, time_unit from clv_models where workspace_id = $1
     order by fitted_at desc, id desc limit 1`,
    [workspaceId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    customers: Number(row.customers),
    bgnbd: row.bgnbd,
    gammaGamma: row.gamma_gamma,
    timeUnit: row.time_unit,
  } as ClvModelRow;
}

const VALUE_ROWS = columns('c text, h float8, p float8, e float8, a float8');
/** Customers valued per statement, so a workspace's refit never builds one huge parameter. */
const CHUNK = 5_000;

/**
 * Stores the value of the given customers (every customer with a purchase when null) at `at`:
 * historical revenue to today in the workspace's zone and, with a model, the predictions. Every
 * listed customer gets a row, purchases or not, so the rows' `computed_at` is the cursor of the
 * next pass (docs/analytics.md, Customer lifetime value).
 */
export async function storeCustomerValues(
  database: Database,
  workspaceId: string,
  customerIds: readonly string[] | null,
  at: number,
): Promise<number> {
  const { sql, db } = database;
  const zone = await sql.executeSql('select time_zone from workspaces where id = $1', [workspaceId]);
  const timeZone = String(zone.rows[0]?.time_zone ?? 'UTC');
  const [settings, model] = await Promise.all([
    readAnalyticsSettings(db, workspaceId),
    latestModel(sql, workspaceId),
  ]);
  const today = localDay(at, timeZone);
  const purchases = await purchaseDays(sql, {
    workspaceId,
    timeZone,
    settings,
    lastDay: today,
    ...(customerIds ? { customerIds: [...customerIds] } : {}),
  });
  const byCustomer = new Map<string, Purchase[]>();
  for (const id of customerIds ?? []) byCustomer.set(id, []);
  for (const p of purchases) {
    const list = byCustomer.get(p.customerId);
    if (list) list.push(p);
    else byCustomer.set(p.customerId, [p]);
  }
  const rows = [...byCustomer].map(([c, list]) => {
    const v = valueCustomer(list, today, model, settings.clvHorizonDays);
    return { c, h: v.historical, p: v.predicted, e: v.expectedPurchases, a: v.probabilityAlive };
  });
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const n = VALUE_ROWS.names.length;
    await sql.executeSql(
      `insert into customer_values as t
         (workspace_id, customer_id, historical, predicted, expected_purchases, probability_alive, computed_at)
       select $${n + 1}, c, h, p, e, a, $${n + 2}::timestamptz from ${rowsFrom(VALUE_ROWS)}
       on conflict (workspace_id, customer_id) do update set historical = excluded.historical,
         predicted = excluded.predicted, expected_purchases = excluded.expected_purchases,
         probability_alive = excluded.probability_alive, computed_at = excluded.computed_at`,
      [...arrays(VALUE_ROWS, chunk), workspaceId, new Date(at).toISOString()],
    );
  }
  return rows.length;
}
