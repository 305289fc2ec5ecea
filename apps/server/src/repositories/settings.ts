import { type Database, workspaceGuardrails } from '@stagecraft/db';
import { eq } from 'drizzle-orm';
import { type AnalyticsSettings, readAnalyticsSettings, writeAnalyticsSettings } from '../analytics/settings';
import { type Guardrails, GuardrailsSchema, NO_GUARDRAILS } from '../channels/guardrail-settings';

/** Per-workspace settings kept as one document each: analytics (metric definitions) and delivery guardrails. */
export function createSettingsRepository(database: Database, now: () => number = Date.now) {
  const { db } = database;
  return {
    /** Currency, churn window, CLV horizon and metric definitions, defaults filled in. */
    analytics: (workspaceId: string) => readAnalyticsSettings(db, workspaceId),
    setAnalytics: (workspaceId: string, settings: AnalyticsSettings) =>
      writeAnalyticsSettings(db, workspaceId, settings, new Date(now())),

    /** Quiet hours, caps and send rates; a workspace that set nothing has none. */
    async guardrails(workspaceId: string): Promise<Guardrails> {
      const [row] = await db
        .select({ settings: workspaceGuardrails.settings })
        .from(workspaceGuardrails)
        .where(eq(workspaceGuardrails.workspaceId, workspaceId));
      const parsed = row ? GuardrailsSchema.safeParse(row.settings) : null;
      return parsed?.success ? parsed.data : NO_GUARDRAILS;
    },
    async setGuardrails(workspaceId: string, settings: Guardrails): Promise<Guardrails> {
      const values = { workspaceId, settings, updatedAt: new Date(now()) };
      await db
        .insert(workspaceGuardrails)
        .values(values)
        .onConflictDoUpdate({ target: workspaceGuardrails.workspaceId, set: values });
      return settings;
    },
  };
}
