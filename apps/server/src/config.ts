import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { type AllowList, parseAllowList } from './outbound/index';

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65_535, 'must be between 0 and 65535');

const positiveInt = (max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .positive('must be greater than 0')
    .max(max, `must be at most ${max}`);

/** A count where 0 switches the guard off. */
const countOrOff = (max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be 0 (off) or more')
    .max(max, `must be at most ${max}`);

/** `true`/`false`, or a comma-separated list of proxy addresses (CIDR allowed). */
const trustProxy = z
  .string()
  .trim()
  .transform((value): boolean | string[] => {
    if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    return value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  });

/** A secret given by the operator: long enough that it cannot be guessed. */
const secret = z.string().trim().min(16, 'must be at least 16 characters long');

/** The environment variables Stagecraft reads, with their defaults. */
export const EnvSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().trim().min(1, 'must not be empty').default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  STAGECRAFT_DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./.data/pglite'),
  STAGECRAFT_WRITE_KEY: secret.optional(),
  STAGECRAFT_ADMIN_TOKEN: secret.optional(),
  STAGECRAFT_SIGNING_SECRET: secret.optional(),
  /** Key that encrypts channel provider secrets at rest; generated and stored once when unset. */
  STAGECRAFT_SECRETS_KEY: secret.optional(),
  /**
   * The address customers reach this server at: unsubscribe, open and click links in messages
   * start with it. Default http://localhost:<PORT>.
   */
  STAGECRAFT_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be a web address such as https://stagecraft.example.com' })
    .optional(),
  /** Largest ingestion request body, after gzip is undone (Segment allows 500 KB per batch). */
  STAGECRAFT_MAX_BODY_BYTES: positiveInt(64 * 1024 * 1024).default(1024 * 1024),
  /** Most messages in one /v1/batch request. */
  STAGECRAFT_MAX_BATCH: positiveInt(100_000).default(2_500),
  /** Largest management API request body (journey documents with thousands of steps). */
  STAGECRAFT_MAX_API_BODY_BYTES: positiveInt(256 * 1024 * 1024).default(16 * 1024 * 1024),
  /** Worker threads running editor simulations at once, and how many more may wait for one. */
  STAGECRAFT_SIMULATION_WORKERS: positiveInt(64).default(1),
  STAGECRAFT_SIMULATION_QUEUE: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(1_000, 'must be at most 1000')
    .default(4),
  /** Seconds one simulation may compute before it is stopped with a 422. */
  STAGECRAFT_SIMULATION_SECONDS: positiveInt(600).default(10),
  /**
   * Server processes on this host (`auto`: one per core). They share the port and the work; the
   * embedded database serves one process, so more need DATABASE_URL.
   */
  STAGECRAFT_PROCESSES: z
    .union([z.literal('auto'), positiveInt(256)], { error: 'must be "auto" or a number from 1 to 256' })
    .default(1),
  /**
   * Internal hosts and networks outbound requests may reach (comma-separated host names, IP
   * addresses, CIDR ranges); every other internal address is refused.
   */
  STAGECRAFT_OUTBOUND_ALLOW: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Requests per minute per write key on /v1 (per client address without a valid Basic key); 0 is off. */
  STAGECRAFT_RATE_LIMIT_INGEST: countOrOff(10_000_000).default(60_000),
  /** Requests per minute per admin token or session on /api (per client address without one); 0 is off. */
  STAGECRAFT_RATE_LIMIT_API: countOrOff(1_000_000).default(600),
  /** Stored events not yet applied beyond which /v1 answers 503 until the workers catch up; 0 is off. */
  STAGECRAFT_MAX_PENDING_EVENTS: countOrOff(1_000_000_000).default(500_000),
  /** Hours an editor sign-in lasts. */
  STAGECRAFT_SESSION_HOURS: positiveInt(24 * 365).default(12),
  /** Which proxies to believe for the client address and https (X-Forwarded-For, X-Forwarded-Proto). */
  STAGECRAFT_TRUST_PROXY: trustProxy.default(false),
  /** Hours between scheduled refits of each workspace's customer lifetime value model; 0 is off. */
  STAGECRAFT_CLV_FIT_HOURS: countOrOff(24 * 365).default(24),
  /** Seconds between incremental segment membership passes; 0 is off. */
  STAGECRAFT_SEGMENT_SECONDS: countOrOff(3600).default(5),
  /**
   * The address in every marketing email's `List-Unsubscribe` mailto; default
   * `unsubscribe@<the sender's domain>`. Route its mail to STAGECRAFT_UNSUBSCRIBE_SMTP_PORT.
   */
  STAGECRAFT_UNSUBSCRIBE_ADDRESS: z
    .email({ error: 'must be an email address such as unsubscribe@mail.example.com' })
    .optional(),
  /** Port of the SMTP mailbox that takes unsubscribe mail (the mailto of List-Unsubscribe); unset is off. */
  STAGECRAFT_UNSUBSCRIBE_SMTP_PORT: port.optional(),
  /**
   * The plugin configuration: a `stagecraft.config.json` (or `.ts`) file, or the folder holding
   * one. Default: the folder the server was started from.
   */
  STAGECRAFT_CONFIG: z.string().trim().min(1, 'must not be empty').optional(),
  /** Milliseconds one plugin step may take before it counts as failed (a plugin may set less). */
  STAGECRAFT_PLUGIN_TIMEOUT_MS: positiveInt(15 * 60_000).default(30_000),
  /** Plugin steps one process runs at once; more are deferred a second. */
  STAGECRAFT_PLUGIN_STEPS: positiveInt(10_000).default(200),
});

const SECRETS = new Set([
  'DATABASE_URL',
  'STAGECRAFT_WRITE_KEY',
  'STAGECRAFT_ADMIN_TOKEN',
  'STAGECRAFT_SIGNING_SECRET',
  'STAGECRAFT_SECRETS_KEY',
]);

/** The server's configuration, read once at start. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  writeKey: string | undefined;
  adminToken: string | undefined;
  signingSecret: string | undefined;
  /** Encrypts provider secrets at rest; unset, a key is generated and stored once. */
  secretsKey: string | undefined;
  /** Base of the unsubscribe, open and click links in messages, without a trailing slash. */
  publicUrl: string;
  limits: { bodyBytes: number; batchLength: number; apiBodyBytes: number };
  /** Editor simulations: worker threads, requests that may wait for one, and time allowed each. */
  simulation: { workers: number; queue: number; wallTimeMs: number };
  /** Server processes to run on this host: 1, or more sharing the port (PostgreSQL only). */
  processes: number;
  /** Internal hosts and networks outbound requests may reach (`STAGECRAFT_OUTBOUND_ALLOW`). */
  outboundAllow: AllowList;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Requests per minute per credential (or per client address without one); 0 switches a limit off. */
  rateLimits: { ingestPerMinute: number; apiPerMinute: number };
  /** Stored events waiting to be applied beyond which ingestion answers 503; 0 is off. */
  maxPendingEvents: number;
  sessionHours: number;
  /** Fastify's `trustProxy`: whose X-Forwarded-* headers count. */
  trustProxy: boolean | string[];
  /** Hours between scheduled refits of each workspace's CLV model; 0 is off. */
  clvFitHours: number;
  /** Seconds between incremental segment membership passes; 0 is off. */
  segmentSeconds: number;
  /** The unsubscribe mailto's address (null: unsubscribe@ the sender's domain) and its mailbox's port (null: off). */
  unsubscribeMail: { address: string | null; port: number | null };
  /** Where the plugin configuration is looked for (`STAGECRAFT_CONFIG`), or undefined for the start folder. */
  pluginConfig: string | undefined;
  /** Default time budget of one plugin step, in milliseconds. */
  pluginTimeoutMs: number;
  /** Plugin steps one process runs at once. */
  pluginSteps: number;
}

/** Invalid configuration: the message names each bad variable and what it expects. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Stagecraft cannot start; fix the configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration from environment variables (empty values count as unset). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(EnvSchema.shape)
      .map((name) => [name, env[name]] as const)
      .filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        // Never echo a secret back into logs, even a bad one.
        const shown = SECRETS.has(name) ? '' : `=${JSON.stringify(present[name])}`;
        return `${name}${shown}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const processes = processCount(e.STAGECRAFT_PROCESSES, e.DATABASE_URL !== undefined);
  const allow = parseAllowList(e.STAGECRAFT_OUTBOUND_ALLOW ?? '');
  if ('problems' in allow) {
    throw new ConfigError(allow.problems.map((problem) => `STAGECRAFT_OUTBOUND_ALLOW: ${problem}`));
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.STAGECRAFT_DATA_DIR,
    writeKey: e.STAGECRAFT_WRITE_KEY,
    adminToken: e.STAGECRAFT_ADMIN_TOKEN,
    signingSecret: e.STAGECRAFT_SIGNING_SECRET,
    secretsKey: e.STAGECRAFT_SECRETS_KEY,
    publicUrl: (e.STAGECRAFT_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    limits: {
      bodyBytes: e.STAGECRAFT_MAX_BODY_BYTES,
      batchLength: e.STAGECRAFT_MAX_BATCH,
      apiBodyBytes: e.STAGECRAFT_MAX_API_BODY_BYTES,
    },
    simulation: {
      workers: e.STAGECRAFT_SIMULATION_WORKERS,
      queue: e.STAGECRAFT_SIMULATION_QUEUE,
      wallTimeMs: e.STAGECRAFT_SIMULATION_SECONDS * 1000,
    },
    processes,
    outboundAllow: allow.list,
    logLevel: e.LOG_LEVEL,
    rateLimits: {
      ingestPerMinute: e.STAGECRAFT_RATE_LIMIT_INGEST,
      apiPerMinute: e.STAGECRAFT_RATE_LIMIT_API,
    },
    maxPendingEvents: e.STAGECRAFT_MAX_PENDING_EVENTS,
    sessionHours: e.STAGECRAFT_SESSION_HOURS,
    trustProxy: e.STAGECRAFT_TRUST_PROXY,
    clvFitHours: e.STAGECRAFT_CLV_FIT_HOURS,
    segmentSeconds: e.STAGECRAFT_SEGMENT_SECONDS,
    unsubscribeMail: {
      address: e.STAGECRAFT_UNSUBSCRIBE_ADDRESS ?? null,
      port: e.STAGECRAFT_UNSUBSCRIBE_SMTP_PORT ?? null,
    },
    pluginConfig: e.STAGECRAFT_CONFIG,
    pluginTimeoutMs: e.STAGECRAFT_PLUGIN_TIMEOUT_MS,
    pluginSteps: e.STAGECRAFT_PLUGIN_STEPS,
  };
}

/** `auto` is one process per core on PostgreSQL and one on the embedded database. */
function processCount(setting: number | 'auto', postgres: boolean): number {
  if (setting === 'auto') return postgres ? availableParallelism() : 1;
  if (setting > 1 && !postgres) {
    throw new ConfigError([
      `STAGECRAFT_PROCESSES=${setting}: the embedded database serves one process; set DATABASE_URL to run more, or set it to 1.`,
    ]);
  }
  return setting;
}
