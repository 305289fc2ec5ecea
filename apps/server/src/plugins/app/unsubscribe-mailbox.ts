import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { unsubscribeByLink } from '../../channels/link-events';
import { startUnsubscribeMailbox, type UnsubscribeMailbox } from '../../channels/unsubscribe-mailbox';

declare module 'fastify' {
  interface FastifyInstance {
    /** The SMTP mailbox for List-Unsubscribe's mailto while the server runs; null when off. */
    unsubscribeMailbox: { port: number } | null;
  }
}

/**
 * Runs the unsubscribe mailbox on STAGECRAFT_UNSUBSCRIBE_SMTP_PORT (see docs/delivery.md), on the
 * server's host, from ready to close.
 */
export default fp(
  async function unsubscribeMailbox(app: FastifyInstance) {
    app.decorate('unsubscribeMailbox', null);
    const port = app.config.unsubscribeMail.port;
    if (port === null) return;
    const deps = { origin: app.repositories.messages.origin, runtime: app.runtime, now: app.now };
    let mailbox: UnsubscribeMailbox | null = null;
    app.addHook('onReady', async () => {
      mailbox = await startUnsubscribeMailbox({
        port,
        host: app.config.host,
        links: app.links,
        unsubscribe: (payload) => unsubscribeByLink(deps, payload),
        log: app.log,
      });
      app.unsubscribeMailbox = { port: mailbox.port };
      app.log.info({ port: mailbox.port }, 'unsubscribe mailbox listening');
    });
    app.addHook('onClose', async () => {
      await mailbox?.close();
    });
  },
  { name: 'unsubscribe-mailbox', dependencies: ['services'] },
);
