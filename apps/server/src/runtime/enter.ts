import { randomUUID } from 'node:crypto';
import { entryTriggers } from '@stagecraft/engine';
import type { RuntimeContext } from './context';
import { liveJourney } from './journey-lookup';
import { runUnitOfWork } from './unit-of-work';

/**
 * Enters a customer (created if new) through the journey's API trigger, in one unit of work
 * under the customer's lock. `properties` become the triggering event, so conditions can read them.
 */
export async function enterJourney(
  ctx: RuntimeContext,
  workspaceId: string,
  journeyId: string,
  customerId: string,
  properties: Record<string, unknown>,
): Promise<{ runId: string } | { refused: string }> {
  const key = { workspaceId, customerId };
  const result = await runUnitOfWork(ctx, {
    select: async (tx) => {
      const journey = await liveJourney(ctx, tx.sql, workspaceId, journeyId);
      const [triggerNodeId] = entryTriggers(journey, { type: 'api' });
      if (!triggerNodeId) return null;
      return { keys: [key], found: { journey, triggerNodeId } };
    },
    apply: async ({ processor, customer, changes }, { journey, triggerNodeId }) => {
      const record = customer(key);
      const event = { id: `api_${randomUUID()}`, name: 'journey.api_entry', properties, at: changes.now };
      const entered = await processor.enter(record, journey, triggerNodeId, event);
      if ('refused' in entered) return entered;
      await processor.settle(record);
      return entered;
    },
  });
  return result ?? { refused: 'the journey has no API trigger; add one to enter customers by hand' };
}
