import { PROVIDER_CHANNELS, type ProviderChannel } from '@stagecraft/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { buildProvider } from '../../channels/directory';
import { MissingSecretError, SETTINGS_SCHEMAS } from '../../channels/settings';
import { AppError, errorResponses } from '../../errors';
import { createGuardedFetch } from '../../outbound/index';
import { DeliveryError } from '../../runtime/webhook-channel';

const Masked = z.record(z.string(), z.unknown()).nullable();
const ChannelsSchema = z.object({ email: Masked, sms: Masked, push: Masked }).meta({ id: 'Channels' });
const VerdictSchema = z
  .object({
    ok: z.boolean(),
    providerMessageId: z.string().optional(),
    error: z.string().optional(),
    retry: z.boolean().optional().describe('Whether the provider called the failure temporary'),
    status: z.number().int().nullable().optional(),
  })
  .meta({ id: 'ChannelTestVerdict' });

/** Settings > Channels: each channel's provider, its secrets sealed at rest and shown masked. */
export default async function channelRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['Settings'];
  const store = app.channelStore;
  const fetch = createGuardedFetch(app.config.outboundAllow);

  app.get(
    '/settings/channels',
    {
      schema: {
        tags,
        summary: "Each channel's provider settings; secrets shown as •••• and their last four characters",
        response: { 200: ChannelsSchema },
      },
    },
    async (request) => store.list(request.workspaceId),
  );

  for (const channel of PROVIDER_CHANNELS) {
    app.put(
      `/settings/channels/${channel}`,
      {
        schema: {
          tags,
          summary: `Set the ${channel} provider`,
          description:
            'Secrets are sealed with STAGECRAFT_SECRETS_KEY before they are stored. A secret sent back masked, as GET shows it, keeps the stored one.',
          body: SETTINGS_SCHEMAS[channel],
          response: { 200: z.record(z.string(), z.unknown()), ...errorResponses(400) },
        },
      },
      async (request) => {
        try {
          const before = (await store.list(request.workspaceId))[channel];
          const saved = await store.put(request.workspaceId, channel, request.body, app.now());
          // Masked on both sides: the trail never holds a provider secret.
          await app.audit(request, {
            action: 'channels.update',
            target: { kind: 'channel', id: channel },
            before,
            after: saved.masked,
          });
          return saved.masked;
        } catch (error) {
          if (error instanceof MissingSecretError) {
            throw new AppError('invalid-request', { field: 'body', message: error.message });
          }
          throw error;
        }
      },
    );
  }

  app.post(
    '/settings/channels/:channel/test',
    {
      schema: {
        tags,
        summary: "Send a test message through the channel's provider and answer with its verdict",
        params: z.object({
          channel: z.enum(PROVIDER_CHANNELS, { error: 'must be "email", "sms" or "push"' }),
        }),
        body: z.object({
          to: z
            .string()
            .trim()
            .min(1, 'must not be empty: an email address, phone number or device token')
            .max(500),
        }),
        response: { 200: VerdictSchema, ...errorResponses(400, 409) },
      },
    },
    async (request) => {
      const channel = request.params.channel as ProviderChannel;
      const stored = await store.get(request.workspaceId, channel);
      if (!stored) throw new AppError('channel-not-configured');
      const provider = buildProvider(channel, stored.settings, {
        fetch,
        allow: app.config.outboundAllow,
        secrets: async (workspaceId) => ({
          workspace: await app.repositories.secrets.workspaceSigningSecret(workspaceId),
          server: await app.repositories.secrets.signingSecret(workspaceId, app.config.signingSecret),
        }),
        now: app.now,
        timeoutMs: 10_000,
      });
      const id = `test-${app.now()}`;
      const body = 'This is a test message from Stagecraft. Your provider settings work.';
      try {
        const { providerMessageId } = await provider.send({
          id,
          idempotencyKey: id,
          workspaceId: request.workspaceId,
          customerId: 'settings-test',
          journeyId: 'settings-test',
          channel,
          name: 'Test message',
          to: request.body.to,
          subject: 'Stagecraft test message',
          body,
          url: null,
          ...(channel === 'email'
            ? { email: { html: `<p>${body}</p>`, text: body, headers: {}, messageId: `<${id}@stagecraft>` } }
            : {}),
        });
        return { ok: true, providerMessageId };
      } catch (error) {
        const e = error instanceof DeliveryError ? error : null;
        return {
          ok: false,
          error: error instanceof Error ? error.message : String(error),
          retry: e ? e.retry : true,
          status: e?.details.status ?? null,
        };
      } finally {
        provider.close?.();
      }
    },
  );
}
