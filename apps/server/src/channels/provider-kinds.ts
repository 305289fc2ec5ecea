import type { ProviderChannel } from '@stagecraft/db';
import type { ProviderChannelName } from '@stagecraft/sdk';
import { z } from 'zod';
import type { PluginProvider } from '../plugin-packages/plugin-host';
import { secretFields } from '../plugin-packages/plugin-settings';
import type { ChannelProvider } from '../runtime/types';
import type { ProviderDeps } from './directory';
import { fcmProvider } from './fcm';
import { httpProvider } from './http-provider';
import { pluginProvider } from './plugin-provider';
import {
  type FcmSettings,
  FcmSettingsSchema,
  HttpProviderSchema,
  type HttpProviderSettings,
  type SmtpSettings,
  SmtpSettingsSchema,
  type TwilioSettings,
  TwilioSettingsSchema,
} from './settings';
import { smtpProvider } from './smtp';
import { twilioProvider } from './twilio';

/** A provider built from settings; some (SMTP pools) must be closed when replaced. */
export type BuiltProvider = ChannelProvider & { close?: () => void };

/**
 * One kind of provider a workspace can pick for a channel, built in or added by a plugin: its
 * settings schema (with its `provider` id), which settings are secret, and how to build it.
 */
export interface ProviderKind {
  id: string;
  title: string;
  channels: readonly ProviderChannel[];
  schema: z.ZodType;
  /** Top-level settings sealed at rest and shown masked. */
  secretFields: readonly string[];
  /** The plugin package that adds it; null for built-in providers. */
  plugin: { package: string; version: string } | null;
  build(channel: ProviderChannel, settings: Record<string, unknown>, deps: ProviderDeps): BuiltProvider;
}

const BUILT_IN: ProviderKind[] = [
  {
    id: 'smtp',
    title: 'SMTP',
    channels: ['email'],
    schema: SmtpSettingsSchema,
    secretFields: ['auth'],
    plugin: null,
    build: (_channel, settings, deps) => smtpProvider(settings as SmtpSettings, deps.allow, deps.timeoutMs),
  },
  {
    id: 'twilio',
    title: 'Twilio',
    channels: ['sms'],
    schema: TwilioSettingsSchema,
    secretFields: ['authToken'],
    plugin: null,
    build: (_channel, settings, deps) => {
      const twilio = settings as TwilioSettings;
      return twilioProvider(twilio, deps.fetch, twilio.timeoutMs);
    },
  },
  {
    id: 'fcm',
    title: 'Firebase Cloud Messaging',
    channels: ['push'],
    schema: FcmSettingsSchema,
    secretFields: ['serviceAccount'],
    plugin: null,
    build: (_channel, settings, deps) => {
      const fcm = settings as FcmSettings;
      return fcmProvider(fcm, deps.fetch, fcm.timeoutMs);
    },
  },
  {
    id: 'http',
    title: 'HTTP',
    channels: ['sms', 'push'],
    schema: HttpProviderSchema,
    secretFields: ['headers'],
    plugin: null,
    build: (channel, settings, deps) => {
      const http = settings as HttpProviderSettings;
      return httpProvider(channel === 'email' ? 'sms' : channel, http, deps, http.timeoutMs);
    },
  },
];

/** The provider kinds of a server: the built-in ones and those its plugins add. */
export interface ProviderKinds {
  /** Built-in kinds first, then the plugins', in the order they were installed. */
  all(): ProviderKind[];
  get(id: string): ProviderKind | null;
  forChannel(channel: ProviderChannel): ProviderKind[];
  /**
   * Checks a channel's settings against the schema of the provider they name; the first problem
   * as a field path and a sentence when they do not fit.
   */
  parse(
    channel: ProviderChannel,
    input: unknown,
  ): { settings: Record<string, unknown> & { provider: string } } | { field: string; message: string };
}

/** The built-in providers and the plugins' ones; plugin ids are namespaced, so they never clash. */
export function providerKinds(plugins: readonly PluginProvider[] = []): ProviderKinds {
  const kinds = [...BUILT_IN, ...plugins.map(pluginKind)];
  const byId = new Map(kinds.map((kind) => [kind.id, kind]));
  return {
    all: () => [...kinds],
    get: (id) => byId.get(id) ?? null,
    forChannel: (channel) => kinds.filter((kind) => kind.channels.includes(channel)),
    parse(channel, input) {
      const provider = (input as { provider?: unknown } | null)?.provider;
      const offered = kinds.filter((kind) => kind.channels.includes(channel));
      const kind = offered.find((k) => k.id === provider);
      if (!kind) {
        const names = offered.map((k) => `"${k.id}"`);
        const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0];
        return { field: 'provider', message: `provider: must be ${list}` };
      }
      const parsed = kind.schema.safeParse(input);
      if (parsed.success) return { settings: parsed.data as Record<string, unknown> & { provider: string } };
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || 'body';
      return { field, message: `${field}: ${issue?.message ?? 'is not valid'}` };
    },
  };
}

/** The built-in providers alone. */
export const BUILT_IN_PROVIDERS: ProviderKinds = providerKinds();

function pluginKind({ definition, plugin }: PluginProvider): ProviderKind {
  return {
    id: definition.id,
    title: definition.title,
    channels: definition.channels,
    schema: definition.settingsSchema.extend({ provider: z.literal(definition.id) }),
    secretFields: secretFields(definition.settingsSchema),
    plugin: { package: plugin.name, version: plugin.version },
    build: (channel, settings, deps) =>
      pluginProvider(channel as ProviderChannelName, definition, settings, deps),
  };
}
