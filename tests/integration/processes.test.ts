import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchPostgres } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, waitUntil } from './crash-workload';
import { childPids, isRunning, type ServerProcess, startServerProcess } from './server-process';

const writeAuth = `Basic ${Buffer.from(`${credentials.STAGECRAFT_WRITE_KEY}:`).toString('base64')}`;

async function track(server: ServerProcess, messageId: string): Promise<number> {
  const response = await fetch(`${server.url}/v1/track`, {
    method: 'POST',
    headers: { authorization: writeAuth, 'content-type': 'application/json' },
    body: JSON.stringify({ messageId, userId: 'u1', event: 'Signed Up' }),
  });
  return response.status;
}

describe.skipIf(!process.env.DATABASE_URL)(
  'several server processes on one host (STAGECRAFT_PROCESSES)',
  () => {
    let scratch: { url: string; drop: () => Promise<void> };
    const env = () => ({ ...credentials, DATABASE_URL: scratch.url, STAGECRAFT_PROCESSES: '2' });

    beforeAll(async () => {
      scratch = await createScratchPostgres();
    });
    afterAll(async () => {
      await scratch.drop();
    });

    it('serves from two processes, replaces one that dies, and stops them all on SIGTERM', async () => {
      const server = await startServerProcess(env());
      let workers = childPids(server.pid);
      try {
        expect(workers).toHaveLength(2);
        // /ready answers as soon as one process listens; the banner waits for both.
        await waitUntil(
          async () => server.output().includes('Stagecraft is running at'),
          30_000,
          async () => server.output(),
        );
        expect(server.output().match(/Stagecraft is running at/g)).toHaveLength(1);
        expect(server.output()).toMatch(/processes: 2, sharing the port and the work/);
        expect(await track(server, 'before')).toBe(200);

        process.kill(workers[0]!, 'SIGKILL');
        const state = async () => `${childPids(server.pid)}\n${server.output()}`;
        await waitUntil(
          async () => childPids(server.pid).filter((p) => p !== workers[0]).length === 2,
          30_000,
          state,
        );
        expect(server.output()).toMatch(/Server process \d+ was killed \(SIGKILL\); starting another\./);
        await waitUntil(async () => (await track(server, 'after')) === 200, 30_000, state);
        workers = childPids(server.pid);
      } finally {
        await server.stop();
      }
      expect(workers.filter(isRunning)).toEqual([]);
    }, 120_000);

    it('takes its processes with it when it is killed outright', async () => {
      const server = await startServerProcess(env());
      const workers = childPids(server.pid);
      expect(workers).toHaveLength(2);
      await server.kill9();
      await waitUntil(
        async () => workers.filter(isRunning).length === 0,
        10_000,
        async () => `still running: ${workers.filter(isRunning)}`,
      );
    }, 120_000);
  },
);

describe('start-up problems the operator can fix', () => {
  it('names a port another program holds, and the fix', async () => {
    // Another program on the port: it answers, but never as Stagecraft would.
    const holder = createServer((_request, response) => response.writeHead(503).end());
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    const dataDir = await mkdtemp(join(tmpdir(), 'stagecraft-port-'));
    try {
      await expect(
        startServerProcess({
          ...credentials,
          DATABASE_URL: '',
          STAGECRAFT_DATA_DIR: dataDir,
          PORT: String(port),
        }),
      ).rejects.toThrow(
        `PORT=${port} is already in use by another program; stop it or set PORT to a free port.`,
      );
    } finally {
      holder.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('STAGECRAFT_PROCESSES on the embedded database', () => {
  it('refuses more than one process, naming the setting and the fix', async () => {
    await expect(
      startServerProcess({ ...credentials, DATABASE_URL: '', STAGECRAFT_PROCESSES: '2' }),
    ).rejects.toThrow(/STAGECRAFT_PROCESSES=2: the embedded database serves one process; set DATABASE_URL/);
  });
});
