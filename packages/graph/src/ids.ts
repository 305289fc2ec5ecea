import { z } from 'zod';

/** Node, edge and stage ids: short, stable, and safe as XState state keys (no dots, no '#'). */
export const IdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'may contain only letters, digits, "_" and "-"');

/** Node type ids are stable kebab-case, optionally namespaced by a plugin scope (`acme/score-lead`). */
export const NodeTypeIdSchema = z
  .string()
  .regex(/^([a-z0-9-]+\/)?[a-z][a-z0-9-]*$/, 'must be kebab-case, e.g. "send-message" or "acme/score-lead"');

/** Event names as sent by apps (`order.completed`, `Order Completed`); never empty. */
export const EventNameSchema = z.string().trim().min(1, 'must name an event').max(200);
