import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '@stagecraft/db';
import { createRepositories } from '@stagecraft/server';
import { REPO_ROOT } from './web-build';

/** Credentials the server is started with, so tests can sign in and send events. */
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
export const WRITE_KEY = 'e2e-write-key-0123456789abcdef';
/** The owner account the harness creates on first run, as a person would with the admin token. */
export const OWNER = { email: 'owner@stagecraft.test', password: 'e2e owner passphrase' } as const;

const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;
const LOG_LINES = 400;

/** A running Stagecraft server process with a fresh embedded database. */
export interface Product {
  url: string;
  adminToken: string;
  writeKey: string;
  /** The owner account, created at start with the admin token. */
  owner: { email: string; password: string };
  /** The last invitation or reset link the server printed for `email` (no email channel in tests). */
  linkFor(email: string): string | null;
  /** An admin token (owner) of each extra workspace asked for, by workspace id. */
  workspaceTokens: Record<string, string>;
  /** The last lines the server printed, for failure reports. */
  log(): string;
  /** Calls the management API with the admin token; throws with the server's message on failure. */
  api<T>(path: string, options?: { method?: string; body?: unknown }): Promise<T>;
  /** Sends a Segment-style track call over HTTP with the write key. */
  track(userId: string, event: string, properties?: Record<string, unknown>): Promise<void>;
  /** Sends a Segment-style identify call over HTTP with the write key. */
  identify(userId: string, traits: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

function waitForUrl(child: ChildProcess, lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The server did not start within ${START_TIMEOUT_MS} ms:\n${lines.join('\n')}`)),
      START_TIMEOUT_MS,
    );
    const onLine = () => {
      const match = lines.join('\n').match(/Stagecraft is running at (http:\/\/\S+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onLine);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with code ${code} before it was ready:\n${lines.join('\n')}`));
    });
  });
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}.`);
    const response = await fetch(`${url}/ready`).catch(() => null);
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url}/ready did not answer 200 within ${START_TIMEOUT_MS} ms.`);
}

/** What a test file needs of the product beyond the defaults. */
export interface ProductOptions {
  /** Workspaces to create before the server starts, beside the default one, each with a token. */
  workspaces?: { id: string; name: string }[];
  /** More environment for the server process (outbound allow-lists, mailbox ports). */
  env?: Record<string, string>;
}

/** Creates workspaces in the embedded database before the server opens it, each with an owner token. */
async function seedWorkspaces(dataDir: string, workspaces: { id: string; name: string }[]) {
  const tokens: Record<string, string> = {};
  if (workspaces.length === 0) return tokens;
  const database = await createDatabase({ dataDir });
  try {
    const repositories = createRepositories(database);
    for (const { id, name } of workspaces) {
      await repositories.workspaces.ensure(id, name);
      tokens[id] = (await repositories.apiKeys.createAdminToken(id, 'e2e')).token;
    }
  } finally {
    await database.close();
  }
  return tokens;
}

/**
 * Starts the real server (tsx apps/server/src/main.ts) on a free port, with embedded PGlite in a
 * new folder under the OS temp dir, a known admin token and write key (and `options.env`), and
 * waits for /ready.
 */
export async function startProduct(options: ProductOptions = {}): Promise<Product> {
  const dataDir = await mkdtemp(join(tmpdir(), 'stagecraft-e2e-'));
  const workspaceTokens = await seedWorkspaces(join(dataDir, 'pglite'), options.workspaces ?? []);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    STAGECRAFT_DATA_DIR: join(dataDir, 'pglite'),
    STAGECRAFT_ADMIN_TOKEN: ADMIN_TOKEN,
    STAGECRAFT_WRITE_KEY: WRITE_KEY,
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  // Browser tests run on PGlite even where Postgres is configured; the database suites cover Postgres.
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // If the test run itself dies, the server must not outlive it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', orphanGuard);
    await rm(dataDir, { recursive: true, force: true });
  };

  let url: string;
  try {
    url = await waitForUrl(child, lines);
    await waitUntilReady(url, child);
    await createOwner(url);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    adminToken: ADMIN_TOKEN,
    writeKey: WRITE_KEY,
    owner: { ...OWNER },
    linkFor: (email) => lastLink(lines, email),
    workspaceTokens,
    log: () => lines.join('\n'),
    api: (path, options) => callApi(url, path, options),
    track: (userId, event, properties = {}) => ingest(url, 'track', { userId, event, properties }),
    identify: (userId, traits) => ingest(url, 'identify', { userId, traits }),
    stop,
  };
}

/** First run: the owner account, made with the admin token as the editor's first screen does. */
export async function createOwner(url: string): Promise<void> {
  const response = await fetch(`${url}/api/setup/owner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: ADMIN_TOKEN, name: 'Olivia Owner', ...OWNER }),
  });
  if (response.status !== 201)
    throw new Error(`Creating the owner answered ${response.status}: ${await response.text()}`);
}

/** The link of the newest log line about an account email to `email`. */
export function lastLink(lines: string[], email: string): string | null {
  for (const line of [...lines].reverse()) {
    if (!line.includes(`"to":"${email}"`)) continue;
    const link = /"link":"([^"]+)"/.exec(line)?.[1];
    if (link) return link;
  }
  return null;
}

/** Calls the management API at `url` with the admin token; throws with the server's message on failure. */
export async function callApi<T>(
  url: string,
  path: string,
  options: { method?: string; body?: unknown } = {},
) {
  const response = await fetch(`${url}${path}`, {
    method: options.method ?? 'GET',
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${options.method ?? 'GET'} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Sends a Segment-style call to `url` with the write key. */
export async function ingest(url: string, kind: 'track' | 'identify', body: Record<string, unknown>) {
  const response = await fetch(`${url}/v1/${kind}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST /v1/${kind} answered ${response.status}: ${await response.text()}`);
}
