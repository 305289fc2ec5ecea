import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { recordAudit } from '../../audit/record';
import { scheduleAuditPurge } from '../../audit/retention';

declare module 'fastify' {
  interface FastifyInstance {
    /** Appends a change to the audit trail of the request's workspace (see audit/record.ts). */
    audit: (request: FastifyRequest, entry: Parameters<typeof recordAudit>[1]) => Promise<void>;
  }
}

/** The audit trail's decorator, and its retention purge while the server runs. */
export default fp(
  async function audit(app: FastifyInstance) {
    app.decorate('audit', recordAudit);
    let schedule: { stop(): Promise<void> } | null = null;
    app.addHook('onReady', async () => {
      schedule = scheduleAuditPurge({
        audit: app.repositories.audit,
        exclusive: (key, fn) => app.database.exclusive(key, fn),
        log: app.log,
      });
    });
    app.addHook('onClose', async () => {
      await schedule?.stop();
    });
  },
  { name: 'audit', dependencies: ['services'] },
);
