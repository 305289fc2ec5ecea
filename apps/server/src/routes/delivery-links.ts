import { createHash } from 'node:crypto';
import { escapeHtml } from '@stagecraft/graph';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type LinkEvent, recordLinkEvents, unsubscribeByLink } from '../channels/link-events';
import type { LinkPayload } from '../channels/links';
import type { TwilioSettings } from '../channels/settings';
import { verifyTwilioSignature } from '../channels/twilio-signature';
import { AppError } from '../errors';
import { verifySignature } from '../runtime/signature';

/** Links and provider callbacks carry their own signed token: no /api credential reaches them. */
const LINK_ROUTE = { config: { public: true } } as const;

/** Where a JSON report keeps its text as received. */
const RAW = '\u0000raw';

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * Links inside messages, reached by customers and providers without credentials; each carries a
 * signed token naming the workspace, customer and message, so none can be forged or pointed
 * elsewhere: unsubscribe (GET shows a confirmation page, one POST unsubscribes, RFC 8058
 * one-click included), the open pixel, click redirects (to the signed destination only), and
 * SMS and push delivery reports (also verified with the provider's own signature).
 */
export default async function deliveryLinkRoutes(app: FastifyInstance) {
  const links = app.links;
  const store = app.channelStore;
  // One-click unsubscribes and Twilio reports are form posts.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );

  // Reports from HTTP providers are verified over the exact bytes sent.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, { [RAW]: String(body), ...(JSON.parse(String(body)) as Record<string, unknown>) });
    } catch {
      done(new AppError('invalid-json'), undefined);
    }
  });

  async function read(token: string | undefined): Promise<LinkPayload> {
    const payload = token ? (await links()).verify(token) : null;
    if (!payload) throw new AppError('invalid-link');
    return payload;
  }

  const deps = { origin: app.repositories.messages.origin, runtime: app.runtime, now: app.now };
  const record = (payload: LinkPayload, events: LinkEvent[]) => recordLinkEvents(deps, payload, events);

  const page = (reply: FastifyReply, title: string, body: string) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
      .send(
        `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>` +
          `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">${body}</body></html>`,
      );

  app.get<{ Querystring: { t?: string } }>('/u', LINK_ROUTE, async (request, reply) => {
    const payload = await read(request.query.t);
    return page(
      reply,
      'Unsubscribe',
      `<h1>Unsubscribe</h1><p>Stop receiving marketing ${escapeHtml(payload.ch === 'email' ? 'emails' : 'messages')} from us?</p>` +
        `<form method="post"><button type="submit" style="font-size:1rem;padding:.5rem 1rem">Unsubscribe</button></form>`,
    );
  });

  app.post<{ Querystring: { t?: string } }>('/u', LINK_ROUTE, async (request, reply) => {
    await unsubscribeByLink(deps, await read(request.query.t));
    return page(
      reply,
      'Unsubscribed',
      '<h1>You are unsubscribed</h1><p>You will not receive these messages any more.</p>',
    );
  });

  app.get<{ Querystring: { t?: string } }>('/t/o', LINK_ROUTE, async (request, reply) => {
    const payload = (await links()).verify(request.query.t ?? '');
    // A broken pixel must not show: every request gets the image, valid or not.
    if (payload) await record(payload, [{ name: 'Message Opened' }]).catch(() => undefined);
    return reply.type('image/gif').header('cache-control', 'no-store, private').send(PIXEL);
  });

  app.get<{ Querystring: { t?: string } }>('/t/c', LINK_ROUTE, async (request, reply) => {
    const payload = await read(request.query.t);
    if (!payload.u || !/^https?:\/\//i.test(payload.u)) throw new AppError('invalid-link');
    const suffix = `:${createHash('sha256').update(payload.u).digest('hex').slice(0, 12)}`;
    await record(payload, [{ name: 'Message Clicked', extra: { url: payload.u }, suffix }]).catch((error) =>
      request.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'click not recorded'),
    );
    return reply.header('cache-control', 'no-store').redirect(payload.u, 302);
  });

  app.post<{ Querystring: { t?: string }; Body: Record<string, unknown> | undefined }>(
    '/hooks/delivery-status',
    LINK_ROUTE,
    async (request, reply) => {
      const payload = await read(request.query.t);
      const url = `${app.config.publicUrl}${request.url}`;
      const body = (request.body ?? {}) as Record<string, unknown>;
      let status: string;
      let detail: Record<string, unknown> = {};
      const twilio = request.headers['x-twilio-signature'];
      if (typeof twilio === 'string') {
        const stored = await store.get(payload.w, 'sms');
        const params = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
        if (
          stored?.settings.provider !== 'twilio' ||
          !verifyTwilioSignature((stored.settings as TwilioSettings).authToken, url, params, twilio)
        ) {
          throw new AppError('invalid-callback-signature');
        }
        status = String(params.MessageStatus ?? '').toLowerCase();
        if (params.ErrorCode) detail = { error_code: params.ErrorCode };
      } else {
        const header = request.headers['x-stagecraft-signature'];
        const raw = typeof body[RAW] === 'string' ? body[RAW] : '';
        const secret = await app.repositories.secrets.workspaceSigningSecret(payload.w);
        if (
          typeof header !== 'string' ||
          !verifySignature(secret, { method: 'POST', url, body: raw }, header, app.now())
        ) {
          throw new AppError('invalid-callback-signature');
        }
        status = String(body.status ?? '').toLowerCase();
        if (body.error) detail = { error: String(body.error).slice(0, 300) };
      }
      const name =
        status === 'delivered' || status === 'read'
          ? 'Message Delivered'
          : status === 'undelivered' || status === 'failed' || status === 'bounced'
            ? 'Message Bounced'
            : null;
      if (name) await record(payload, [{ name, extra: { status, ...detail } }]);
      return reply.code(204).send();
    },
  );
}
