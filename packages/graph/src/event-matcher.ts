import { z } from 'zod';
import { EventNameSchema } from './ids';
import { FieldRuleSchema } from './rules';

/** Matches one incoming event by name and optional property filters (`event.` paths). */
export const EventMatcherSchema = z.object({
  event: EventNameSchema,
  where: z.array(FieldRuleSchema).max(20).optional(),
});
export type EventMatcher = z.infer<typeof EventMatcherSchema>;
