import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, installFolder } from './plugins/support';

const serverDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs src/main.ts as `pnpm start` does, collecting its output. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp) => {
    for (let i = 0; i < 600 && !pattern.test(output); i++) await new Promise((r) => setTimeout(r, 100));
    return output;
  };
  return { child, exited, waitFor, output: () => output };
}

describe('the server process', () => {
  const children: ChildProcess[] = [];
  let dataDir: string;
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stops at start-up with a message naming a bad variable', async () => {
    const run = start({ PORT: 'eighty' });
    children.push(run.child);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/PORT="eighty": must be a number/);
  });

  it('stops at start-up with a message naming a plugin and the fix', async () => {
    const folder = installFolder(['@acme/missing'], {});
    const run = start({ STAGECRAFT_CONFIG: folder.dir });
    children.push(run.child);
    expect(await run.exited).toBe(1);
    folder.remove();
    expect(run.output()).toContain(
      'Stagecraft cannot start: plugin @acme/missing: the package is not installed',
    );
    expect(run.output()).toContain('npm install @acme/missing');
  });

  it('serves the node types of the plugins its configuration lists', async () => {
    const folder = installFolder(['@fixture/grader'], { '@fixture/grader': join(FIXTURES, 'grader-v1') });
    const data = await mkdtemp(join(tmpdir(), 'stagecraft-main-plugins-'));
    const run = start({
      PORT: '0',
      HOST: '127.0.0.1',
      STAGECRAFT_DATA_DIR: data,
      STAGECRAFT_CONFIG: folder.dir,
    });
    children.push(run.child);
    const banner = await run.waitFor(/lifecycle journeys were added/);
    const url = /running at (http:\/\/\S+)/.exec(banner)?.[1];
    const token = /(sc_admin_\S+)/.exec(banner)?.[1];
    const response = await fetch(`${url}/api/node-types`, { headers: { authorization: `Bearer ${token}` } });
    const { nodeTypes } = (await response.json()) as { nodeTypes: { type: string; plugin: unknown }[] };
    expect(nodeTypes.find((n) => n.type === 'fixture/grade')?.plugin).toEqual({
      package: '@fixture/grader',
      version: '1.0.0',
    });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    folder.remove();
    await rm(data, { recursive: true, force: true });
  });

  it('prints the URL, the admin token and a write key on first start, serves, and stops on SIGTERM', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'stagecraft-main-'));
    const run = start({ PORT: '0', HOST: '127.0.0.1', STAGECRAFT_DATA_DIR: dataDir });
    children.push(run.child);
    const banner = await run.waitFor(/lifecycle journeys were added/);
    const url = /running at (http:\/\/\S+)/.exec(banner)?.[1];
    const token = /(sc_admin_\S+)/.exec(banner)?.[1];
    const writeKey = /(sc_wk_\S+)/.exec(banner)?.[1];
    expect(url && token && writeKey, banner).toBeTruthy();

    const journeys = await fetch(`${url}/api/journeys`, { headers: { authorization: `Bearer ${token}` } });
    expect((await journeys.json()).journeys.length).toBe(7);
    const track = await fetch(`${url}/v1/track`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ userId: 'u1', event: 'Signed Up' }),
    });
    expect(track.status).toBe(200);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    // A second start reuses the data: no new token, no new demo journeys.
    const again = start({ PORT: '0', HOST: '127.0.0.1', STAGECRAFT_DATA_DIR: dataDir });
    children.push(again.child);
    const second = await again.waitFor(/running at/);
    expect(second).not.toMatch(/sc_admin_/);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });
});
