import { z } from 'zod';

const id = z.union([z.string(), z.number()]).nullish();
const when = z.union([z.string(), z.number()]).nullish().describe('ISO 8601 date (or epoch milliseconds)');
const bag = z.record(z.string(), z.unknown()).nullish();

/**
 * A Segment-spec message as documented. Validation of its meaning (which fields each type
 * needs) happens in `normaliseMessage`, which names the failing field; unknown fields are kept.
 */
export const SegmentMessageSchema = z
  .looseObject({
    type: z
      .string()
      .optional()
      .describe(
        'identify, track or page (screen is stored as page; group and alias are accepted and skipped)',
      ),
    userId: id.describe('Your id for the customer; required unless anonymousId is sent'),
    anonymousId: id,
    event: z.string().optional().describe('Event name, required for track'),
    name: z.string().nullish().describe('Page name'),
    properties: bag,
    traits: bag,
    context: bag,
    timestamp: when,
    originalTimestamp: when,
    sentAt: when,
    messageId: id.describe('Deduplication key; generated when missing'),
    writeKey: z.string().optional().describe('Write key, when not sent as the HTTP Basic user'),
  })
  .meta({ id: 'SegmentMessage' });

/** The body of /v1/batch (and /v1/b, which Segment's browser library posts to). */
export const SegmentBatchSchema = z.looseObject({
  batch: z.array(SegmentMessageSchema),
  sentAt: when,
  context: bag,
  writeKey: z.string().optional(),
});

/** What every successful ingestion call answers, as Segment does. */
export const IngestResponseSchema = z.object({ success: z.literal(true) });
