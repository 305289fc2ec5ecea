import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Database } from '@stagecraft/db';
import { createTestDatabase, testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPluginHost, type PluginHost } from '../../src/plugin-packages/index';
import { checkLiveVersions } from '../../src/plugin-packages/live-versions';
import { call, publishJourney, segment } from '../delivery/support';
import { buildTestApp, type TestApp } from '../helper';
import { FIXTURES, installFolder } from './support';

const SETUP_MS = 180_000;
const DAY = 86_400_000;

/** The grader as an operator installs it: version 1.0.0 (node type v1) or 2.0.0 (v1 and v2). */
async function grader(folder: string, folders: { remove(): void }[]): Promise<PluginHost> {
  const installed = installFolder(['@fixture/grader'], { '@fixture/grader': join(FIXTURES, folder) });
  folders.push(installed);
  return loadPluginHost(installed.dir, '/');
}

/** A grader release that dropped node type version 1. */
async function graderWithoutV1(folders: { remove(): void }[]): Promise<PluginHost> {
  const installed = installFolder(['@fixture/grader'], {});
  folders.push(installed);
  const root = join(installed.dir, 'node_modules', '@fixture', 'grader');
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({
      name: '@fixture/grader',
      version: '3.0.0',
      type: 'module',
      stagecraft: { sdk: '^1', nodeTypes: './dist/index.js' },
    }),
  );
  const v2 = pathToFileURL(join(FIXTURES, 'grader-v2', 'dist', 'index.js')).href;
  writeFileSync(
    join(root, 'dist', 'index.js'),
    `import { nodeTypes as all } from ${JSON.stringify(v2)};\nexport const nodeTypes = all.filter((t) => t.version === 2);\n`,
  );
  return loadPluginHost(installed.dir, '/');
}

describe.each(testDatabaseKinds())('upgrading a plugin node type from version 1 to 2 on %s', (kind) => {
  const folders: { remove(): void }[] = [];
  let database: Database;
  let t: TestApp;
  let journeyId: string;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  }, SETUP_MS);
  afterAll(async () => {
    await t?.close();
    await database?.close();
    for (const folder of folders) folder.remove();
  });

  const response = async (customer: string) => {
    const { rows } = await database.sql.executeSql(
      `select response from messages where customer_id = $1 and kind = 'plugin'`,
      [customer],
    );
    return rows[0]?.response as { version: number; score: number } | undefined;
  };
  const runVersion = async (customer: string) => {
    const { rows } = await database.sql.executeSql(
      `select version, status from journey_runs where customer_id = $1`,
      [customer],
    );
    return rows[0] as { version: number; status: string };
  };
  const enter = async (app: TestApp, customer: string) => {
    await segment(app, 'identify', { userId: customer, traits: { fit: 5 } });
    await segment(app, 'track', { userId: customer, event: 'Signed Up' });
    await app.runtime.drain();
  };

  it('keeps pinned runs on version 1 while both are installed, and migrates the draft to 2', async () => {
    const first = await buildTestApp(kind, {}, { plugins: await grader('grader-v1', folders), database });
    journeyId = await publishJourney(
      first,
      'Grade after a day',
      [
        ['start', 'event-trigger', { event: 'Signed Up', where: [] }],
        ['wait', 'wait', { mode: 'duration', duration: { amount: 1, unit: 'days' } }],
        ['grade', 'fixture/grade', { threshold: 3 }],
        ['hot', 'tag', { op: 'add', tag: 'hot' }],
      ],
      [
        ['start', 'wait'],
        ['wait', 'grade', 'out'],
        ['grade', 'hot', 'hot'],
      ],
    );
    await enter(first, 'ana');
    await first.close();

    // The operator installs version 2.0.0 of the package, which exports node type versions 1 and 2.
    const upgraded = await grader('grader-v2', folders);
    await checkLiveVersions(database, upgraded);
    t = await buildTestApp(kind, {}, { plugins: upgraded, database });
    const { nodeTypes } = await call(t, 'GET', '/api/node-types');
    expect(nodeTypes.find((n: { type: string }) => n.type === 'fixture/grade')).toMatchObject({
      version: 2,
      plugin: { package: '@fixture/grader', version: '2.0.0' },
      initialSummary: 'Hot from 3 (v2)',
    });

    const opened = await call(t, 'GET', `/api/journeys/${journeyId}`);
    const step = opened.document.nodes.find((n: { id: string }) => n.id === 'grade');
    expect(step).toMatchObject({ typeVersion: 2, config: { hotAt: 3 } });

    t.clock.advance(DAY + 1_000);
    await t.runtime.drain();
    expect(await response('ana')).toMatchObject({ version: 1, score: 5 });

    // Entered before the new journey version: pinned to version 1 of the journey and of the step.
    await enter(t, 'dan');
    await call(t, 'PUT', `/api/journeys/${journeyId}/draft`, {
      document: opened.document,
      revision: opened.revision,
    });
    await call(t, 'POST', `/api/journeys/${journeyId}/publish`, {}, 201);
    await enter(t, 'bob');
    expect(await runVersion('dan')).toMatchObject({ version: 1, status: 'active' });
    expect(await runVersion('bob')).toMatchObject({ version: 2, status: 'active' });
  });

  it('refuses to start without a version live runs need, naming the journey, type and version', async () => {
    const error = await checkLiveVersions(database, await graderWithoutV1(folders)).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`journey "Grade after a day" (${journeyId}) version 1`);
    expect((error as Error).message).toContain('node type "fixture/grade" version 1');
    expect((error as Error).message).toContain('move those customers to a newer journey version');
  });

  it('runs each pinned run with the step version it was compiled with; without live runs on 1 it may go', async () => {
    t.clock.advance(DAY + 1_000);
    await t.runtime.drain();
    expect(await response('dan')).toMatchObject({ version: 1 });
    expect(await response('bob')).toMatchObject({ version: 2 });
    expect(await runVersion('dan')).toMatchObject({ status: 'completed' });
    await expect(checkLiveVersions(database, await graderWithoutV1(folders))).resolves.toBeUndefined();
  });
});
