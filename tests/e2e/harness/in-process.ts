import { createTestDatabase } from '@stagecraft/db/testing';
import type { NodeRegistry } from '@stagecraft/sdk';
import { bootstrap, buildApp, createRepositories, loadConfig } from '@stagecraft/server';
import {
  ADMIN_TOKEN,
  callApi,
  createOwner,
  ingest,
  lastLink,
  OWNER,
  type Product,
  WRITE_KEY,
} from './server';

const LOG_LINES = 400;

/**
 * Starts the server inside the test process with a node registry of the test's choosing (the
 * built-ins plus node types the editor's bundle has never seen), on embedded PGlite in memory,
 * serving the editor's build. Start-up is the real one: bootstrap, then `buildApp`, then listen,
 * then the owner account made with the admin token.
 */
export async function startProductWith(options: { registry: NodeRegistry }): Promise<Product> {
  const lines: string[] = [];
  const config = loadConfig({
    STAGECRAFT_ADMIN_TOKEN: ADMIN_TOKEN,
    STAGECRAFT_WRITE_KEY: WRITE_KEY,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
  const database = await createTestDatabase('pglite');
  try {
    const boot = await bootstrap(createRepositories(database), config, []);
    const app = await buildApp({
      config,
      database,
      signingSecret: boot.signingSecret,
      registry: options.registry,
      logger: {
        stream: {
          write: (line: string) => {
            lines.push(line.trimEnd());
            if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
          },
        },
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await createOwner(url);
    return {
      url,
      adminToken: ADMIN_TOKEN,
      writeKey: WRITE_KEY,
      owner: { ...OWNER },
      linkFor: (email) => lastLink(lines, email),
      workspaceTokens: {},
      log: () => lines.join('\n'),
      api: (path, request) => callApi(url, path, request),
      track: (userId, event, properties = {}) => ingest(url, 'track', { userId, event, properties }),
      identify: (userId, traits) => ingest(url, 'identify', { userId, traits }),
      stop: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
