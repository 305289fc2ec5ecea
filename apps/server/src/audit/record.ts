import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** One change worth recording: what happened to which thing, and its state before and after. */
export interface AuditEntry {
  action: string;
  target: { kind: string; id: string };
  before?: unknown;
  after?: unknown;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Records who (the request's credential) did what, from where (the request's address). */
    audit: (request: FastifyRequest, entry: AuditEntry) => Promise<void>;
  }
}

/** The audit decorator; entries are kept by the audit trail once it is installed. */
export default fp(
  async (app: FastifyInstance) => {
    app.decorate('audit', async () => undefined);
  },
  { name: 'audit' },
);
