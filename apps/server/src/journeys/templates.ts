import { journeyTemplates } from '@stagecraft/journeys';
import { z } from 'zod';

/** A ready-made journey a marketer can start from. */
export const TemplateSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    document: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'JourneyTemplate' });
export type Template = z.infer<typeof TemplateSchema>;

/** The lifecycle templates (welcome series, post-purchase, win-back, renewal reminders, ...). */
export function lifecycleTemplates(): Template[] {
  return journeyTemplates.map((template) => ({
    id: template.id,
    title: template.title,
    description: template.description,
    document: template.document as unknown as Record<string, unknown>,
  }));
}
