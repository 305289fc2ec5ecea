import { isValidTimeZone, StageSchema } from '@stagecraft/graph';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AnalyticsSettingsSchema } from '../../analytics/settings';
import { errorResponses } from '../../errors';
import { AUDIT_RETENTION_DAYS, AUDIT_RETENTION_DEFAULT } from '../../repositories/workspaces';

const StagesSchema = z
  .array(StageSchema.extend({ order: z.number().int().nonnegative().optional() }))
  .min(1, 'keep at least one stage')
  .max(50)
  .superRefine((stages, ctx) => {
    const seen = new Set<string>();
    stages.forEach((stage, index) => {
      if (seen.has(stage.id)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'id'],
          message: `stage id "${stage.id}" is used twice`,
        });
      }
      seen.add(stage.id);
    });
  });

const StagesResponseSchema = z.object({ stages: z.array(StageSchema.meta({ id: 'Stage' })) });

const TimeZoneSchema = z
  .string()
  .trim()
  .min(1, 'give an IANA time zone such as "Europe/Berlin" or "UTC"')
  .max(100)
  .refine(isValidTimeZone, {
    error: (issue) =>
      `"${String(issue.input)}" is not a time zone; use an IANA name such as "Europe/Berlin" or "UTC"`,
  });

const WorkspaceSettingsBodySchema = z.object({
  name: z.string().trim().min(1, 'give the workspace a name').max(100),
  timeZone: TimeZoneSchema.describe(
    'IANA zone used for customers whose own zone is missing or invalid, in journeys that name none',
  ),
  publishApproval: z
    .boolean()
    .optional()
    .describe("A marketer's publish waits for an admin's approval (unchanged when left out)"),
  auditRetentionDays: z
    .number()
    .int('give a whole number of days')
    .min(AUDIT_RETENTION_DAYS.min, `keep audit entries at least ${AUDIT_RETENTION_DAYS.min} day`)
    .max(AUDIT_RETENTION_DAYS.max, `keep audit entries at most ${AUDIT_RETENTION_DAYS.max} days`)
    .optional()
    .describe('Days the audit trail keeps an entry before it is purged; unchanged when left out'),
});

const WorkspaceSettingsSchema = WorkspaceSettingsBodySchema.required({ publishApproval: true })
  .extend({
    auditRetentionDays: z.number().int().describe('Days the audit trail keeps an entry before it is purged'),
    customerTimeZones: z
      .object({
        missing: z.literal('workspace').describe('A customer who sent no zone is read in the workspace zone'),
        invalid: z
          .literal('workspace-recorded')
          .describe(
            'A customer who sent a zone that does not exist is read in the workspace zone; the zone sent is kept as invalidTimeZone and shown on the customer',
          ),
      })
      .describe('What happens when a customer has no valid zone (fixed rules, shown for reference)'),
  })
  .meta({ id: 'WorkspaceSettings' });

const SigningSecretSchema = z.object({
  secret: z.string().describe('Key of the v2 signature, for receivers to verify requests with'),
  header: z.literal('X-Stagecraft-Signature'),
  scheme: z.string().describe('What the v2 signature covers'),
});

/** Workspace settings: name and time zone, the lifecycle stages new journeys are drawn on, analytics, and the signing secret. */
export default async function settingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { workspaces, secrets, settings } = app.repositories;
  const tags = ['Settings'];

  app.get(
    '/settings/stages',
    {
      config: { permission: 'settings:read' },
      schema: { tags, summary: 'Lifecycle stages in order', response: { 200: StagesResponseSchema } },
    },
    async (request) => ({ stages: (await workspaces.get(request.workspaceId))?.stages ?? [] }),
  );

  app.put(
    '/settings/stages',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags,
        summary: 'Rename, reorder and recolour stages; the array order is the new order',
        body: z.object({ stages: StagesSchema }),
        response: { 200: StagesResponseSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const before = (await workspaces.get(request.workspaceId))?.stages ?? [];
      const stages = await workspaces.setStages(
        request.workspaceId,
        request.body.stages.map((stage, order) => ({ ...stage, order })),
      );
      await app.audit(request, {
        action: 'settings.update',
        target: { kind: 'settings', id: 'stages' },
        before,
        after: stages,
      });
      return { stages };
    },
  );

  const settingsOf = (workspace: {
    name: string;
    timeZone: string;
    publishApproval?: boolean;
    auditRetentionDays: number;
  }) => ({
    name: workspace.name,
    timeZone: workspace.timeZone,
    publishApproval: workspace.publishApproval ?? false,
    auditRetentionDays: workspace.auditRetentionDays,
    customerTimeZones: { missing: 'workspace' as const, invalid: 'workspace-recorded' as const },
  });

  app.get(
    '/settings/workspace',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags,
        summary: "The workspace's name and time zone, and how customers without a valid zone use it",
        response: { 200: WorkspaceSettingsSchema },
      },
    },
    async (request) => {
      const workspace = await workspaces.get(request.workspaceId);
      return settingsOf(
        workspace ?? {
          name: request.workspaceId,
          timeZone: 'UTC',
          auditRetentionDays: AUDIT_RETENTION_DEFAULT,
        },
      );
    },
  );

  app.put(
    '/settings/workspace',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags,
        summary: 'Rename the workspace and set its time zone; times placed from now on use the new zone',
        body: WorkspaceSettingsBodySchema,
        response: { 200: WorkspaceSettingsSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const before = await workspaces.get(request.workspaceId);
      const workspace = await workspaces.update(request.workspaceId, request.body);
      app.runtime.workspaceChanged(request.workspaceId);
      await app.audit(request, {
        action: 'settings.update',
        target: { kind: 'settings', id: 'workspace' },
        before: before && settingsOf(before),
        after: workspace && settingsOf(workspace),
      });
      return settingsOf(workspace ?? { ...request.body, auditRetentionDays: AUDIT_RETENTION_DEFAULT });
    },
  );

  app.get(
    '/settings/analytics',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags,
        summary:
          'Currency, churn window, CLV horizon and the events and properties that feed each lifecycle metric',
        response: { 200: AnalyticsSettingsSchema },
      },
    },
    async (request) => settings.analytics(request.workspaceId),
  );

  app.put(
    '/settings/analytics',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags,
        summary: 'Replace the analytics settings; fields left out take their Segment-spec defaults',
        body: AnalyticsSettingsSchema,
        response: { 200: AnalyticsSettingsSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const before = await settings.analytics(request.workspaceId);
      const after = await settings.setAnalytics(request.workspaceId, request.body);
      await app.audit(request, {
        action: 'settings.update',
        target: { kind: 'settings', id: 'analytics' },
        before,
        after,
      });
      return after;
    },
  );

  app.get(
    '/settings/signing-secret',
    {
      config: { permission: 'keys:manage' },
      schema: {
        tags,
        summary: "The workspace's key for verifying the v2 signature of its webhooks and HTTP requests",
        response: { 200: SigningSecretSchema },
      },
    },
    async (request) => ({
      secret: await secrets.workspaceSigningSecret(request.workspaceId),
      header: 'X-Stagecraft-Signature' as const,
      scheme:
        'v2 = hex HMAC-SHA256(secret, t + "." + METHOD + "." + url + "." + body); reject t more than 300 s away',
    }),
  );
}
