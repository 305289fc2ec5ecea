import { PROVIDER_CHANNELS, type ProviderChannel } from '@stagecraft/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { buildProvider } from '../../channels/directory';
import { providerKinds } from '../../channels/provider-kinds';
import { MissingSecretError } from '../../channels/settings';
import { AppError, errorResponses } from '../../errors';
import { createGuardedFetch } from '../../outbound/index';
import { DeliveryError } from '../../runtime/webhook-channel';

const Masked = z.record(z.string(), z.unknown()).nullable();
const ChannelsSchema = z.object({ email: Masked, sms: Masked, push: Masked }).meta({ id: 'Channels' });
const ProviderKindSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    channels: z.array(z.enum(PROVIDER_CHANNELS)),
    plugin: z.object({ package: z.string(), version: z.string() }).nullable(),
    settingsSchema: z
      .record(z.string(), z.unknown())
      .describe('JSON Schema of its settings, `provider` included'),
    secretFields: z.array(z.string()).describe('Settings sealed at rest and shown masked'),
  })
  .meta({ id: 'ChannelProviderKind' });
/** A provider a channel can use, as `GET /api/settings/channels/providers` lists it. */
export type ChannelProviderKindView = z.infer<typeof ProviderKindSchema>;
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
  const kinds = providerKinds(app.plugins.providers());
  const store = app.channelStore;
  const fetch = createGuardedFetch(app.config.outboundAllow);

  app.get(
    '/settings/channels',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags,
        summary: "Each channel's provider settings; secrets shown as •••• and their last four characters",
        response: { 200: ChannelsSchema },
      },
    },
    async (request) => store.list(request.workspaceId),
  );

  app.get(
    '/settings/channels/providers',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags,
        summary:
          'The providers each channel can use, built in or added by plugins, with their settings schema',
        response: { 200: z.object({ providers: z.array(ProviderKindSchema) }) },
      },
    },
    async () => ({
      providers: kinds.all().map((kind) => ({
        id: kind.id,
        title: kind.title,
        channels: [...kind.channels],
        plugin: kind.plugin,
        settingsSchema: z.toJSONSchema(kind.schema, { io: 'input', unrepresentable: 'any' }) as Record<
          string,
          unknown
        >,
        secretFields: [...kind.secretFields],
      })),
    }),
  );

  for (const channel of PROVIDER_CHANNELS) {
    const offered = kinds.forChannel(channel).map((kind) => `"${kind.id}"`);
    app.put(
      `/settings/channels/${channel}`,
      {
        config: { permission: 'settings:write' },
        schema: {
          tags,
          summary: `Set the ${channel} provider`,
          description: `"provider" is one of ${offered.join(', ')}; the other fields are that provider's settings (GET /api/settings/channels/providers has each one's schema). Secrets are sealed with STAGECRAFT_SECRETS_KEY before they are stored. A secret sent back masked, as GET shows it, keeps the stored one.`,
          body: z.looseObject({ provider: z.string({ error: `must be ${offered.join(' or ')}` }) }),
          response: { 200: z.record(z.string(), z.unknown()), ...errorResponses(400) },
        },
      },
      async (request) => {
        const parsed = kinds.parse(channel, request.body);
        if ('field' in parsed)
          throw new AppError('invalid-request', {
            field: parsed.field,
            message: `${parsed.message}. Fix it and send the request again.`,
          });
        try {
          const before = (await store.list(request.workspaceId))[channel];
          const saved = await store.put(request.workspaceId, channel, parsed.settings, app.now());
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
      config: { permission: 'settings:write' },
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
        kinds,
        log: app.log,
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
