import type { Transaction } from '@stagecraft/db';
import { ChangeSet } from './changes';
import { commitChanges } from './commit';
import type { RuntimeContext } from './context';
import { useCustomerFacts } from './customer-facts';
import {
  type CustomerKey,
  type CustomerRecord,
  customerKey,
  type LoadOptions,
  loadCustomers,
  lockCustomers,
} from './customer-state';
import { type JobKey, JobsFailed } from './jobs';
import { Processor } from './processor';

/** The customers a unit of work changes, chosen inside its transaction by `select`. */
export interface Selection<T> {
  keys: CustomerKey[];
  /** True when `select` took the customers' locks itself (the event worker's non-waiting claim). */
  locked?: boolean;
  /** Which parts of the customers to load; everything when omitted. */
  load?: LoadOptions;
  /** What `select` found for `apply` (claimed jobs, events, rows). */
  found: T;
  /** The jobs `select` took: when the unit of work fails, they are named in a JobsFailed error. */
  jobs?: JobKey[];
}

/** What `apply` works with: the loaded customers and the processor that changes them in memory. */
export interface Work {
  tx: Transaction;
  changes: ChangeSet;
  processor: Processor;
  customers: Map<string, CustomerRecord>;
  /** The loaded record of one of the selected customers. */
  customer(key: CustomerKey): CustomerRecord;
}

/** The two steps that differ between kinds of work; everything around them is the unit of work's. */
export interface UnitOfWork<T, R> {
  /**
   * Claims the work (due jobs, pending events, rows) and names its customers; null when there
   * is nothing to do. Jobs it pushes onto `changes` are committed with the rest.
   */
  select(tx: Transaction, changes: ChangeSet): Promise<Selection<T> | null>;
  /** Applies the work to the loaded customers, in memory only: every write goes into `changes`. */
  apply(work: Work, found: T): Promise<R>;
}

/**
 * Gives each loaded profile its workspace's zone, which the engine uses for a customer without a
 * valid zone of their own in a journey that names none. It is read, never stored on the customer.
 */
async function useWorkspaceZones(
  ctx: RuntimeContext,
  tx: Transaction,
  customers: Map<string, CustomerRecord>,
): Promise<void> {
  for (const record of customers.values()) {
    const { timeZone } = await ctx.catalog.workspace(tx.sql, record.workspaceId);
    record.profile = Object.assign({}, record.profile, { workspaceTimeZone: timeZone });
  }
}

/**
 * The one way customers change: in one transaction, `select` claims work, its customers are
 * locked (waiting, in key order, unless `select` holds the locks already) and loaded, `apply`
 * changes them in memory through a Processor, and the change set commits with the claim — a
 * crash or error rolls all of it back and the work stays due. After commit, the delivery
 * worker is woken when outbox rows were queued. Resolves to `apply`'s result, or null when
 * `select` found nothing. When work on taken jobs fails, the error is a JobsFailed naming them,
 * so the worker can find the failing job and give it its retries (see Workers).
 */
export async function runUnitOfWork<T, R>(ctx: RuntimeContext, unit: UnitOfWork<T, R>): Promise<R | null> {
  let taken: JobKey[] = [];
  const outcome = await ctx.database
    .transaction(async (tx) => {
      const changes = new ChangeSet(ctx.now());
      const selection = await unit.select(tx, changes);
      if (!selection) return null;
      taken = selection.jobs ?? [];
      if (!selection.locked) await lockCustomers(tx.sql, selection.keys);
      const customers = await loadCustomers(tx.sql, selection.keys, changes.now, selection.load);
      await useWorkspaceZones(ctx, tx, customers);
      await useCustomerFacts(ctx, tx, customers);
      const processor = new Processor({ catalog: ctx.catalog, log: ctx.log }, tx.sql, changes);
      const customer = (key: CustomerKey) => customers.get(customerKey(key))!;
      const result = await unit.apply({ tx, changes, processor, customers, customer }, selection.found);
      const { delivered } = await commitChanges(tx, changes, ctx.clockId, ctx.channels);
      return { result, delivered };
    })
    .catch((error: unknown) => {
      throw taken.length > 0 ? new JobsFailed(taken, error) : error;
    });
  if (!outcome) return null;
  if (outcome.delivered > 0) ctx.wake('deliveries');
  return outcome.result;
}
