import type { IssueDetail } from '@stagecraft/graph';
import { z } from 'zod';

/** A journey document as JSON (see packages/graph for its exact shape; validated on save). */
export const DocumentSchema = z
  .record(z.string(), z.unknown())
  .describe('A journey document: { name, description, nodes, edges, stages, settings }')
  .meta({ id: 'JourneyDocument' });

/** What a diagnostic is about, as data (see `IssueDetail` in packages/graph). */
const DiagnosticDetailSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('config'),
      path: z.string().describe('Field inside the node config, "" for the whole config'),
      problem: z.string().describe('The problem without the step name, to show under the field'),
    }),
    z.object({ kind: z.literal('cycle-without-wait'), nodeIds: z.array(z.string()) }),
    z.object({ kind: z.literal('port'), nodeId: z.string(), port: z.string() }),
    z.object({ kind: z.literal('node-type'), type: z.string(), version: z.number() }),
  ])
  .meta({ id: 'DiagnosticDetail' }) satisfies z.ZodType<IssueDetail>;

/** A problem the compiler found, pointing at the node or connection at fault. */
export const DiagnosticSchema = z
  .object({
    code: z.string(),
    severity: z.enum(['error', 'warning']),
    message: z.string(),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    path: z.string().optional(),
    detail: DiagnosticDetailSchema.optional(),
  })
  .meta({ id: 'Diagnostic' });

export const PortSchema = z.object({ id: z.string(), label: z.string() }).meta({ id: 'Port' });

export const JourneyStatusSchema = z.enum(['draft', 'live', 'paused', 'archived']);

export const JourneySummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: JourneyStatusSchema,
    publishedVersion: z.number().int().nullable(),
    revision: z.number().int().describe('Draft revision; send it back when saving'),
    activeCustomers: z.number().int().describe('Runs in progress across all versions'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'JourneySummary' });

export const PublisherSchema = z
  .object({
    kind: z.enum(['user', 'token', 'system']),
    id: z.string().describe('The user id or API token id'),
    name: z.string().nullable().describe("The API token's name; null for users"),
  })
  .meta({ id: 'Publisher' });

export const VersionSummarySchema = z
  .object({
    version: z.number().int(),
    hash: z.string(),
    publishedAt: z.string(),
    publishedBy: PublisherSchema.nullable().describe(
      'Null for versions published before publishers were kept',
    ),
  })
  .meta({ id: 'VersionSummary' });

export const JourneyDetailSchema = JourneySummarySchema.extend({
  document: DocumentSchema,
  versions: z.array(VersionSummarySchema),
}).meta({ id: 'Journey' });

export const VersionDetailSchema = VersionSummarySchema.extend({ document: DocumentSchema }).meta({
  id: 'Version',
});

export const JourneyParamsSchema = z.object({ id: z.string().min(1).max(100) });
export const VersionParamsSchema = JourneyParamsSchema.extend({
  version: z.coerce.number().int().positive(),
});
