import { analyticsSettings, type Db } from '@stagecraft/db';
import { eq } from 'drizzle-orm';
import { z } from 'zod';

const eventName = z.string().trim().min(1, 'name an event, such as "Order Completed"').max(200);
const propertyName = z.string().trim().min(1, 'name a property, such as "revenue"').max(200);

/**
 * Which events and properties feed each lifecycle metric, with the Segment spec's names as
 * defaults (docs/analytics.md defines each metric). Every field may be left out.
 */
export const MetricDefinitionsSchema = z
  .object({
    acquisition: z.object({ event: eventName.default('Signed Up') }).prefault({}),
    activation: z
      .object({
        event: eventName.default('Order Completed'),
        withinDays: z.number().int().min(1).max(365).default(30),
      })
      .prefault({}),
    purchase: z
      .object({
        event: eventName.default('Order Completed'),
        revenueProperty: propertyName.default('revenue'),
      })
      .prefault({}),
    referral: z.object({ event: eventName.default('Invite Sent') }).prefault({}),
    nps: z
      .object({ event: eventName.default('Survey Responded'), property: propertyName.default('score') })
      .prefault({}),
    csat: z
      .object({
        event: eventName.default('Survey Responded'),
        property: propertyName.default('satisfaction'),
      })
      .prefault({}),
    messageOpened: z.object({ event: eventName.default('Email Opened') }).prefault({}),
    messageClicked: z.object({ event: eventName.default('Email Link Clicked') }).prefault({}),
  })
  .prefault({});

export const AnalyticsSettingsSchema = z
  .object({
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'use a three-letter ISO 4217 code such as "USD" or "EUR"')
      .default('USD'),
    churnDays: z.number().int().min(1, 'at least 1 day').max(3650, 'at most 3650 days').default(30),
    clvHorizonDays: z.number().int().min(1, 'at least 1 day').max(3650, 'at most 3650 days').default(365),
    metrics: MetricDefinitionsSchema,
  })
  .meta({ id: 'AnalyticsSettings' });

export type AnalyticsSettings = z.infer<typeof AnalyticsSettingsSchema>;

/** A workspace's analytics settings, defaults filled in; stored settings that no longer parse fall back to defaults. */
export async function readAnalyticsSettings(db: Db, workspaceId: string): Promise<AnalyticsSettings> {
  const [row] = await db
    .select({ settings: analyticsSettings.settings })
    .from(analyticsSettings)
    .where(eq(analyticsSettings.workspaceId, workspaceId))
    .limit(1);
  const parsed = AnalyticsSettingsSchema.safeParse(row?.settings ?? {});
  return parsed.success ? parsed.data : AnalyticsSettingsSchema.parse({});
}

/** Replaces a workspace's analytics settings; fields left out take their defaults. */
export async function writeAnalyticsSettings(
  db: Db,
  workspaceId: string,
  settings: AnalyticsSettings,
  now: Date,
): Promise<AnalyticsSettings> {
  await db
    .insert(analyticsSettings)
    .values({ workspaceId, settings, updatedAt: now })
    .onConflictDoUpdate({ target: analyticsSettings.workspaceId, set: { settings, updatedAt: now } });
  return settings;
}
