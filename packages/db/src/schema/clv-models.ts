import { bigint, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/** Every fitted customer lifetime value model of a workspace; the newest one is in use. */
export const clvModels = pgTable(
  'clv_models',
  {
    workspaceId: text('workspace_id').notNull(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    fittedAt: at('fitted_at').notNull(),
    /** The last calendar day (`YYYY-MM-DD`, workspace zone) whose purchases the fit read. */
    observationEnd: text('observation_end').notNull(),
    timeUnit: text('time_unit').$type<'days' | 'weeks'>().notNull(),
    customers: integer('customers').notNull(),
    bgnbd: jsonb('bgnbd')
      .$type<{ r: number; alpha: number; a: number; b: number; logLikelihood: number }>()
      .notNull(),
    gammaGamma: jsonb('gamma_gamma')
      .$type<{ p: number; q: number; v: number; customers: number }>()
      .notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('clv_models_latest_idx').on(t.workspaceId, t.fittedAt),
  ],
);

/** A fitted model as stored. */
export type ClvModelRow = typeof clvModels.$inferSelect;
