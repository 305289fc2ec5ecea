import { randomUUID } from 'node:crypto';
import { entryTriggers } from '@stagecraft/engine';
import { ChangeSet } from './changes';
import { commitChanges } from './commit';
import type { RuntimeContext } from './context';
import { customerKey, loadCustomers, lockCustomers } from './customer-state';
import { liveJourney } from './journey-lookup';
import { Processor } from './processor';

/**
 * Enters a customer (created if new) through the journey's API trigger, in one transaction under
 * the customer's lock. `properties` become the triggering event, so conditions can read them.
 */
export async function enterJourney(
  ctx: RuntimeContext,
  workspaceId: string,
  journeyId: string,
  customerId: string,
  properties: Record<string, unknown>,
): Promise<{ runId: string } | { refused: string }> {
  const result = await ctx.database.transaction(async (tx) => {
    const journey = await liveJourney(ctx, tx.sql, workspaceId, journeyId);
    const [triggerNodeId] = entryTriggers(journey, { type: 'api' });
    if (!triggerNodeId)
      return { refused: 'the journey has no API trigger; add one to enter customers by hand' };
    const key = { workspaceId, customerId };
    await lockCustomers(tx.sql, [key]);
    const changes = new ChangeSet(ctx.now());
    const customer = (await loadCustomers(tx.sql, [key], changes.now)).get(customerKey(key))!;
    const processor = new Processor(
      { catalog: ctx.catalog, log: ctx.log, channels: new Set(ctx.channels.keys()) },
      tx.sql,
      changes,
    );
    const event = { id: `api_${randomUUID()}`, name: 'journey.api_entry', properties, at: changes.now };
    const entered = await processor.enter(customer, journey, triggerNodeId, event);
    if ('refused' in entered) return entered;
    await processor.settle(customer);
    customer.exists = true;
    await commitChanges(tx, ctx.boss, changes);
    return entered;
  });
  ctx.wake('deliveries');
  return result;
}
