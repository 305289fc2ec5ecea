import { z } from 'zod';

/**
 * A profile trait as stored on the customer (`plan`, `renewal_date`, `address.city`), written
 * without the `profile.` prefix that rules use.
 */
export const TraitNameSchema = z
  .string({ error: 'must be a trait name' })
  .trim()
  .min(1, 'must name a profile trait, e.g. "plan"')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'must be a trait name such as "plan" or "address.city"')
  .refine((name) => !name.startsWith('profile.'), 'write the trait name without "profile.", e.g. "plan"');
