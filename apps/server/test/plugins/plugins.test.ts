import { join } from 'node:path';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPluginHost } from '../../src/plugin-packages/index';
import { call, publishJourney, segment } from '../delivery/support';
import { buildTestApp, type TestApp } from '../helper';
import { journey } from '../runtime/harness';
import { FIXTURES, installFolder } from './support';

const SETUP_MS = 180_000;
const API_KEY = 'sk-live-0123456789';

describe.each(testDatabaseKinds())('plugins installed through the configuration file on %s', (kind) => {
  let t: TestApp;
  let folder: ReturnType<typeof installFolder>;
  const logged: string[] = [];
  const log = (obj: object, msg?: string) => logged.push(JSON.stringify({ obj, msg }));
  beforeAll(async () => {
    folder = installFolder(['@fixture/grader', { package: 'misbehaving', timeoutMs: 300 }], {
      '@fixture/grader': join(FIXTURES, 'grader-v1'),
      misbehaving: join(FIXTURES, 'misbehaving'),
    });
    const plugins = await loadPluginHost(folder.dir, '/');
    t = await buildTestApp(kind, {}, { plugins }, { info: log, warn: log, error: log, debug: log });
  }, SETUP_MS);
  afterAll(async () => {
    await t?.close();
    folder?.remove();
  });

  const tags = async (customer: string) =>
    (await call(t, 'GET', `/api/customers/${customer}`)).tags as string[];
  const pluginRow = async (customer: string) => {
    const { rows } = await t.database.sql.executeSql(
      `select status, attempts, last_error, response from messages where customer_id = $1 and kind = 'plugin'`,
      [customer],
    );
    return rows[0] as { status: string; attempts: number; last_error: string | null; response: unknown };
  };

  it('lists plugin node types next to the built-ins, with their package and card view', async () => {
    const { nodeTypes } = await call(t, 'GET', '/api/node-types');
    const grade = nodeTypes.find((n: { type: string }) => n.type === 'fixture/grade');
    expect(grade).toMatchObject({
      version: 1,
      title: 'Grade lead',
      plugin: { package: '@fixture/grader', version: '1.0.0' },
      cardView: '/plugins/%40fixture%2Fgrader/card.js',
      initialSummary: 'Hot from a score of 3',
      initialPorts: [
        { id: 'hot', label: 'Hot' },
        { id: 'cold', label: 'Cold' },
        { id: 'failure', label: 'Failed' },
      ],
    });
    expect(grade.configSchema.properties.threshold).toMatchObject({
      type: 'integer',
      title: 'Hot from score',
    });
    const wait = nodeTypes.find((n: { type: string }) => n.type === 'wait');
    expect(wait).toMatchObject({ plugin: null, cardView: null });
    expect(nodeTypes.find((n: { type: string }) => n.type === 'misbehaving/throws')?.cardView).toBeNull();
  });

  it('serves the declared card view module and nothing else of a package', async () => {
    const card = await t.app.inject({ method: 'GET', url: '/plugins/%40fixture%2Fgrader/card.js' });
    expect(card.statusCode).toBe(200);
    expect(card.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(card.body).toContain('window.__stagecraft.React');
    for (const url of [
      '/plugins/@fixture/grader/package.json',
      '/plugins/%40fixture%2Fgrader/settings.js',
      '/plugins/misbehaving/card.js',
      '/plugins/..%2F..%2F..%2Fpackage.json/card.js',
      '/plugins/%40fixture%2Fgrader%2F..%2F..%2Fmisbehaving/card.js',
    ]) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('not-found');
    }
  });

  it('previews summaries, ports and problems of steps the editor has no code for', async () => {
    const { nodes } = await call(t, 'POST', '/api/node-types/preview', {
      nodes: [
        { type: 'fixture/grade', version: 1, config: { threshold: 5 } },
        { type: 'fixture/grade', version: 1, config: { threshold: 'high' } },
        { type: 'acme/missing', version: 1, config: {} },
        { type: 'fixture/grade', version: 7, config: {} },
      ],
    });
    expect(nodes[0]).toEqual({
      summary: 'Hot from a score of 5',
      ports: [
        { id: 'hot', label: 'Hot' },
        { id: 'cold', label: 'Cold' },
        { id: 'failure', label: 'Failed' },
      ],
      problems: [],
    });
    expect(nodes[1]).toMatchObject({ summary: null, problems: [{ path: 'threshold' }] });
    expect(nodes[2]).toMatchObject({ summary: null, ports: [], problems: [{ path: 'type' }] });
    expect(nodes[3]).toMatchObject({ problems: [{ path: 'version' }] });
    const bad = await t.api({
      method: 'POST',
      url: '/api/node-types/preview',
      payload: { nodes: [{ type: 'x' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid-request');
  });

  it('simulates journeys with plugin steps on the simulation threads', async () => {
    const document = journey(
      'Simulated grading',
      [
        ['start', 'api-trigger', {}],
        ['grade', 'fixture/grade', { threshold: 3 }],
        ['hot', 'tag', { op: 'add', tag: 'hot' }],
      ],
      [
        ['start', 'grade'],
        ['grade', 'hot', 'hot'],
      ],
    );
    const response = await t.api({
      method: 'POST',
      url: '/api/simulate',
      payload: { document, start: '2030-01-07T08:00:00Z', steps: [{ type: 'enter', customerId: 'sim' }] },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().steps[0].report.customers.sim.profile.tags).toEqual(['hot']);
  });

  it('keeps plugin settings per the declared schema, the secret sealed at rest and masked', async () => {
    const saved = await call(t, 'PUT', '/api/settings/plugins/%40fixture%2Fgrader', {
      region: 'us',
      apiKey: API_KEY,
    });
    expect(saved).toMatchObject({
      package: '@fixture/grader',
      version: '1.0.0',
      nodeTypes: ['fixture/grade'],
      channels: [],
      settings: { region: 'us', apiKey: '••••6789' },
    });
    expect(saved.settingsSchema.properties.apiKey).toMatchObject({ secret: true, title: 'API key' });
    const { rows } = await t.database.sql.executeSql('select settings, secrets from plugin_settings', []);
    expect(JSON.stringify(rows)).not.toContain(API_KEY);
    // Sent back masked, the stored secret stays.
    await call(t, 'PUT', '/api/settings/plugins/%40fixture%2Fgrader', { region: 'us', apiKey: '••••6789' });
    const { plugins } = await call(t, 'GET', '/api/settings/plugins');
    expect(plugins.map((p: { package: string }) => p.package)).toEqual(['@fixture/grader', 'misbehaving']);
    expect(plugins[0].settings).toEqual({ region: 'us', apiKey: '••••6789' });
    expect(plugins[1]).toMatchObject({ settingsSchema: null, settings: {} });

    const short = await t.api({
      method: 'PUT',
      url: '/api/settings/plugins/%40fixture%2Fgrader',
      payload: { region: 'us', apiKey: 'short' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatchObject({ code: 'invalid-request', field: 'body.apiKey' });
    const unknown = await t.api({ method: 'PUT', url: '/api/settings/plugins/left-pad', payload: {} });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('plugin-not-found');
    const none = await t.api({ method: 'PUT', url: '/api/settings/plugins/misbehaving', payload: {} });
    expect(none.statusCode).toBe(400);
  });

  it('runs the plugin step for customers sent through /v1/track; its port, data and traits drive later steps', async () => {
    await publishJourney(
      t,
      'Grading',
      [
        ['start', 'event-trigger', { event: 'Signed Up', where: [] }],
        ['grade', 'fixture/grade', { threshold: 3 }],
        [
          'very',
          'condition',
          { rules: { all: [{ field: 'response.grade.score', operator: 'greater_or_equal', value: 5 }] } },
        ],
        ['on-fire', 'tag', { op: 'add', tag: 'on-fire' }],
        ['warm', 'tag', { op: 'add', tag: 'hot' }],
        ['cold', 'tag', { op: 'add', tag: 'cold' }],
      ],
      [
        ['start', 'grade'],
        ['grade', 'very', 'hot'],
        ['grade', 'cold', 'cold'],
        ['very', 'on-fire', 'yes'],
        ['very', 'warm', 'no'],
      ],
    );
    await segment(t, 'identify', { userId: 'ana', traits: { fit: 2 } });
    for (let i = 0; i < 3; i++) await segment(t, 'track', { userId: 'ana', event: 'Page Viewed' });
    await segment(t, 'identify', { userId: 'ben', traits: { fit: 3 } });
    await segment(t, 'track', { userId: 'cy', event: 'Page Viewed' });
    for (const userId of ['ana', 'ben', 'cy'])
      await segment(t, 'track', { userId, event: 'Signed Up', properties: { plan: 'pro' } });
    await t.runtime.drain();

    expect(await tags('ana')).toEqual(['on-fire']);
    expect(await tags('ben')).toEqual(['hot']);
    expect(await tags('cy')).toEqual(['cold']);
    const ana = await call(t, 'GET', '/api/customers/ana');
    expect(ana.traits).toMatchObject({ fit: 2, lead_score: 5 });
    const row = await pluginRow('ana');
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(row.response).toMatchObject({
      score: 5,
      version: 1,
      region: 'us',
      keyEnd: '89',
      event: 'Signed Up',
      plan: 'pro',
      at: new Date(t.clock.now()).toISOString(),
      nodeId: 'grade',
    });
    // The plugin logged its secret; the log has it masked.
    const lines = logged.filter((line) => line.includes('graded with key'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toContain('graded with key ••••');
    expect(lines[0]).toContain('"type":"fixture/grade"');
    expect(logged.join('\n')).not.toContain(API_KEY);
  });

  it("gives a test clock's customer the clock's time", async () => {
    const start = '2031-05-01T09:30:00.000Z';
    const clock = await call(t, 'POST', '/api/test-clocks', { name: 'Plugin QA', start }, 201);
    await segment(t, 'identify', { userId: 'qa-gus', traits: { fit: 1 }, context: { testClock: clock.id } });
    await segment(t, 'track', { userId: 'qa-gus', event: 'Signed Up' });
    await t.runtime.drain();
    expect(await tags('qa-gus')).toEqual(['cold']);
    expect((await pluginRow('qa-gus')).response).toMatchObject({ at: start, score: 1 });
  });

  it('contains steps that throw, hang, spin, return garbage, a port they lack or 50 MB, while other runs finish', async () => {
    const kinds = ['throws', 'hangs', 'garbage', 'huge', 'wrong-port', 'spin'];
    for (const name of kinds) {
      await publishJourney(
        t,
        `Misbehaving ${name}`,
        [
          ['start', 'event-trigger', { event: `Go ${name}`, where: [] }],
          ['step', `misbehaving/${name}`, {}],
          ['ok', 'tag', { op: 'add', tag: 'ok' }],
          ['bad', 'tag', { op: 'add', tag: 'failed' }],
        ],
        [
          ['start', 'step'],
          ['step', 'ok', 'success'],
          ['step', 'bad', 'failure'],
        ],
      );
      await segment(t, 'track', { userId: `m-${name}`, event: `Go ${name}` });
    }
    await segment(t, 'identify', { userId: 'dee', traits: { fit: 9 } });
    await segment(t, 'track', { userId: 'dee', event: 'Signed Up' });
    await t.runtime.drain();
    expect(await tags('dee')).toEqual(['on-fire']);
    for (const name of kinds) expect((await pluginRow(`m-${name}`)).status, name).toBe('failed');

    t.clock.advance(1_000);
    await t.runtime.drain();
    const reasons: Record<string, string> = {
      throws: 'kaboom',
      hangs: 'time budget of 300 ms',
      garbage: '"yes" instead of a result object',
      huge: 'more than 1 MB as JSON; the runtime keeps at most 1 MB',
      'wrong-port': 'the port "nowhere", which the step does not have',
      spin: 'time budget of 300 ms',
    };
    for (const name of kinds) {
      const row = await pluginRow(`m-${name}`);
      expect(row, name).toMatchObject({ status: 'dead', attempts: 2 });
      expect(row.last_error, name).toContain(reasons[name]);
      expect(row.last_error, name).toContain('gave up after 2 attempts');
      expect(await tags(`m-${name}`), name).toEqual(['failed']);
    }
    // The server still answers, and a well-behaved step still runs.
    await segment(t, 'track', { userId: 'eve', event: 'Signed Up' });
    await t.runtime.drain();
    expect(await tags('eve')).toEqual(['cold']);
  });

  it('runs a worker-thread step with the customer event counts', async () => {
    await publishJourney(
      t,
      'Counting',
      [
        ['start', 'event-trigger', { event: 'Count', where: [] }],
        ['step', 'misbehaving/counts', {}],
      ],
      [['start', 'step']],
    );
    await segment(t, 'track', { userId: 'fay', event: 'Order Completed' });
    await segment(t, 'track', { userId: 'fay', event: 'Order Completed' });
    await segment(t, 'track', { userId: 'fay', event: 'Count' });
    await t.runtime.drain();
    expect(await pluginRow('fay')).toMatchObject({ status: 'sent', response: { orders: 2 } });
  });
});

describe.each(testDatabaseKinds())('a slow plugin step among background deliveries on %s', (kind) => {
  let t: TestApp;
  let folder: ReturnType<typeof installFolder>;
  beforeAll(async () => {
    folder = installFolder(['@fixture/grader', { package: 'misbehaving', timeoutMs: 5_000 }], {
      '@fixture/grader': join(FIXTURES, 'grader-v1'),
      misbehaving: join(FIXTURES, 'misbehaving'),
    });
    t = await buildTestApp(
      kind,
      { STAGECRAFT_PLUGIN_STEPS: '2' },
      { plugins: await loadPluginHost(folder.dir, '/'), workers: true },
    );
  }, SETUP_MS);
  afterAll(async () => {
    await t?.close();
    folder?.remove();
  });

  it('does not hold back other customers’ steps while it runs', async () => {
    await publishJourney(
      t,
      'Hangs',
      [
        ['start', 'event-trigger', { event: 'Hang', where: [] }],
        ['step', 'misbehaving/hangs', {}],
      ],
      [['start', 'step']],
    );
    await publishJourney(
      t,
      'Grades',
      [
        ['start', 'event-trigger', { event: 'Grade', where: [] }],
        ['grade', 'fixture/grade', { threshold: 0 }],
        ['hot', 'tag', { op: 'add', tag: 'graded' }],
      ],
      [
        ['start', 'grade'],
        ['grade', 'hot', 'hot'],
      ],
    );
    const started = Date.now();
    await segment(t, 'track', { userId: 'stuck', event: 'Hang' });
    await segment(t, 'track', { userId: 'quick', event: 'Grade' });
    let tags: string[] = [];
    while (Date.now() - started < 4_000 && !tags.includes('graded')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      tags = (await call(t, 'GET', '/api/customers/quick')).tags;
    }
    expect(tags).toEqual(['graded']);
    // Well inside the slow step's 5 s budget: it is still under way.
    expect(Date.now() - started).toBeLessThan(4_000);
    const { rows } = await t.database.sql.executeSql(
      `select status from messages where customer_id = 'stuck' and kind = 'plugin'`,
      [],
    );
    expect(rows[0]?.status).toBe('sending');
  });

  it('defers a plugin step past the number allowed at once, without using up an attempt', async () => {
    // One step still hangs; two allowed at once: of two more, one runs and one is deferred.
    const started = Date.now();
    await segment(t, 'track', { userId: 'w1', event: 'Hang' });
    await segment(t, 'track', { userId: 'w2', event: 'Hang' });
    let rows: Record<string, unknown>[] = [];
    while (Date.now() - started < 3_000 && !rows.some((r) => r.status === 'deferred')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ({ rows } = await t.database.sql.executeSql(
        `select status, attempts, last_error from messages where customer_id in ('w1', 'w2') and kind = 'plugin'`,
        [],
      ));
    }
    const deferred = rows.filter((r) => r.status === 'deferred');
    expect(deferred).toHaveLength(1);
    expect(deferred[0]).toMatchObject({
      attempts: 0,
      last_error: expect.stringContaining('STAGECRAFT_PLUGIN_STEPS'),
    });
    expect(rows.filter((r) => r.status === 'sending')).toHaveLength(1);
  });
});
