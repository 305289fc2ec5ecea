import { z } from 'zod';
import { isMasked, mask } from './secret-box';

const text = (what: string) =>
  z
    .string({ error: `must be text: ${what}` })
    .trim()
    .min(1, `must not be empty: ${what}`);
/** How long one call to the provider may take. */
const timeoutMs = z.number().int().min(100).max(60_000).default(10_000);
const webUrl = z.url({ protocol: /^https?$/, error: 'must be a web address starting with https://' });
/** A header map; values may be secrets (API keys), so all of them are stored sealed. */
const Headers = z
  .record(
    z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a header name such as "Authorization"'),
    z.string().max(4_000, 'must be at most 4,000 characters'),
  )
  .default({});

/** An address as nodemailer reads it: `hello@acme.test` or `Acme <hello@acme.test>`. */
const Sender = text('a sender such as "Acme <hello@acme.test>"').regex(
  /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
  'must be an address such as "Acme <hello@acme.test>"',
);

export const SmtpSettingsSchema = z.object({
  provider: z.literal('smtp'),
  host: text('the SMTP server name, e.g. smtp.example.com'),
  port: z.number({ error: 'must be a number' }).int().min(1).max(65_535),
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  secure: z.boolean({ error: 'must be true or false' }).default(false),
  auth: z
    .object({ user: text('the SMTP user'), pass: z.string().min(1, 'must not be empty') })
    .nullable()
    .default(null),
  from: Sender,
  replyTo: Sender.nullable().default(null),
  /** Connections kept open to the server (pooled). */
  pool: z.number().int().min(1).max(50).default(5),
});

export const TwilioSettingsSchema = z.object({
  provider: z.literal('twilio'),
  accountSid: text('the account SID'),
  authToken: z.string().min(1, 'must not be empty'),
  from: text('the sending number, e.g. +15550100'),
  baseUrl: webUrl.default('https://api.twilio.com'),
  timeoutMs,
});

export const HttpProviderSchema = z.object({
  provider: z.literal('http'),
  url: webUrl,
  headers: Headers,
  timeoutMs,
});

const ServiceAccount = z.looseObject({
  project_id: text('project_id of the service account'),
  client_email: text('client_email of the service account'),
  private_key: z
    .string()
    .refine(
      (key) => isMasked(key) || key.includes('PRIVATE KEY'),
      'must be the PEM private key of the service account',
    ),
  token_uri: webUrl.optional(),
});

export const FcmSettingsSchema = z.object({
  provider: z.literal('fcm'),
  /** The service-account JSON, as an object or as its text. */
  serviceAccount: z.preprocess((value) => {
    if (typeof value !== 'string' || isMasked(value)) return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }, ServiceAccount),
  /** Where the OAuth token is exchanged; default the service account's token_uri. */
  tokenUrl: webUrl.nullable().default(null),
  /** Send URL; `{project}` is replaced by the project id. */
  sendUrl: webUrl.default('https://fcm.googleapis.com/v1/projects/{project}/messages:send'),
  timeoutMs,
});

export type SmtpSettings = z.output<typeof SmtpSettingsSchema>;
export type TwilioSettings = z.output<typeof TwilioSettingsSchema>;
export type HttpProviderSettings = z.output<typeof HttpProviderSchema>;
export type FcmSettings = z.output<typeof FcmSettingsSchema>;
/** Settings a plugin's provider declares, with the provider's id. */
export type PluginProviderSettings = { provider: string } & Record<string, unknown>;
export type ProviderSettings =
  | SmtpSettings
  | TwilioSettings
  | HttpProviderSettings
  | FcmSettings
  | PluginProviderSettings;

/** Settings split for storage: what may be shown, and what is sealed. */
export interface SplitSettings {
  provider: string;
  shown: Record<string, unknown>;
  secrets: Record<string, unknown>;
}

/**
 * Splits settings for storage: `secretFields` (the provider kind's) are sealed, the rest shown.
 * A secret sent back masked (as GET shows it) keeps the stored
 * one, so a form can be saved without typing every secret again.
 */
export function splitSettings(
  settings: ProviderSettings,
  stored: Record<string, unknown> | null,
  secretFields: readonly string[],
): SplitSettings {
  const shown: Record<string, unknown> = { ...settings };
  const secrets: Record<string, unknown> = {};
  for (const field of secretFields) {
    secrets[field] = keepMasked((settings as Record<string, unknown>)[field], stored?.[field]);
    delete shown[field];
  }
  return { provider: settings.provider, shown, secrets };
}

/** Where a masked value was sent but nothing is stored to keep. */
export class MissingSecretError extends Error {}

function keepMasked(value: unknown, stored: unknown): unknown {
  if (isMasked(value)) {
    if (stored === undefined)
      throw new MissingSecretError('a masked secret was sent but none is stored; send it in full');
    return stored;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    const before = (stored ?? {}) as Record<string, unknown>;
    for (const [key, inner] of Object.entries(value)) out[key] = keepMasked(inner, before[key]);
    return out;
  }
  return value;
}

/** Settings as the API shows them: every secret string as "••••" and its last four characters. */
export function maskedSettings(split: SplitSettings): Record<string, unknown> {
  return { provider: split.provider, ...split.shown, ...maskAll(split.secrets, split.provider) };
}

function maskAll(secrets: Record<string, unknown>, provider: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(secrets)) out[key] = maskValue(value, provider, key);
  return out;
}

/** Names that stay readable inside a secret object (an SMTP user, a service account's email). */
const READABLE = new Set(['user', 'client_email', 'project_id', 'type', 'token_uri']);

function maskValue(value: unknown, provider: string, key: string): unknown {
  if (typeof value === 'string') return READABLE.has(key) ? value : mask(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [inner, v] of Object.entries(value)) out[inner] = maskValue(v, provider, inner);
    return out;
  }
  return value;
}
