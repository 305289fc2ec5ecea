import { storeEvents } from './ingest';
import type { Runtime, RuntimeOptions } from './types';

/** Builds the runtime over one database; call start() to run its workers. */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { database } = options;
  const pending = (what: string) => () => Promise.reject(new Error(`runtime: ${what} is not available yet`));
  return {
    ingest: (workspaceId, messages) => storeEvents(database, workspaceId, messages),
    start: async () => undefined,
    stop: async () => undefined,
    journeyChanged: () => undefined,
    enter: pending('enter'),
    stats: pending('stats'),
    searchCustomers: pending('searchCustomers'),
    customer: pending('customer'),
    messages: pending('messages'),
    previewMigration: pending('previewMigration'),
    applyMigration: pending('applyMigration'),
    retryMessage: pending('retryMessage'),
  };
}
