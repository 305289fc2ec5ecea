import { condition, sendMessage } from '@stagecraft/nodes';
import { defineNodeType } from '@stagecraft/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileNode, DEFAULT_NOW, runNode } from './run-node';

/** A small plugin step: counts an event, reads an earlier step, and picks a port by a threshold. */
const countVisits = defineNodeType({
  type: 'acme/count-visits',
  version: 1,
  title: 'Count visits',
  description: 'Counts page views and branches on them.',
  category: 'action',
  icon: 'gauge',
  configSchema: z.object({ event: z.string().min(1), threshold: z.number().int().min(1) }),
  defaults: { event: 'page.viewed', threshold: 2 },
  ports: [
    { id: 'many', label: 'Many' },
    { id: 'few', label: 'Few' },
    { id: 'failure', label: 'Failed' },
  ],
  compile: (config) => ({
    actions: [{ type: 'plugin', params: { event: config.event, threshold: config.threshold } }],
    exits: [
      { on: 'result', ok: true, port: 'many' },
      { on: 'result', ok: true, port: 'few' },
      { on: 'result', ok: false, port: 'failure' },
    ],
  }),
  validate: (config) =>
    config.threshold > 100 ? [{ path: 'threshold', message: 'Use a threshold of 100 or less.' }] : [],
  execute: async ({ params, outputs, event }, { countEvents, settings, log, now }) => {
    const count = await countEvents(String(params.event), { withinDays: 7 });
    log('counted', { count });
    const many = count >= Number(params.threshold);
    return {
      ok: true,
      port: many ? 'many' : 'few',
      data: { count, plan: outputs.crm ?? null, trigger: event?.name ?? null, at: now().toISOString() },
      profile: { visit_count: count, region: settings.region ?? null },
    };
  },
});

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(DEFAULT_NOW.getTime() - days * DAY).toISOString();

describe('runNode', () => {
  it('runs the step for a fake customer and reports port, output and profile writes', async () => {
    const run = await runNode(countVisits, {
      customer: {
        traits: { plan: 'pro' },
        events: [
          { name: 'page.viewed', at: daysAgo(1) },
          { name: 'page.viewed', at: daysAgo(3) },
          { name: 'page.viewed', at: daysAgo(30) },
          { name: 'order.completed', at: daysAgo(1) },
        ],
      },
      event: { name: 'user.signed_up' },
      outputs: { crm: { tier: 'gold' } },
      settings: { region: 'eu' },
    });
    expect(run.port).toBe('many');
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({
      count: 2,
      plan: { tier: 'gold' },
      trigger: 'user.signed_up',
      at: DEFAULT_NOW.toISOString(),
    });
    expect(run.profileWrites).toEqual([{ visit_count: 2, region: 'eu' }]);
    expect(run.profile).toEqual({ plan: 'pro', visit_count: 2, region: 'eu' });
    expect(run.logs).toEqual([{ message: 'counted', data: { count: 2 } }]);
    expect(run.executions).toHaveLength(1);
    expect(run.executions[0]?.input).toMatchObject({
      params: { event: 'page.viewed', threshold: 2 },
      profile: { plan: 'pro' },
      nodeId: 'step',
      event: { name: 'user.signed_up', properties: {} },
    });
  });

  it('takes the port execute picks', async () => {
    const run = await runNode(countVisits, { config: { event: 'page.viewed', threshold: 5 } });
    expect(run.port).toBe('few');
  });

  it('takes the failure port when execute reports failure', async () => {
    const failing = { ...countVisits, execute: async () => ({ ok: false, error: 'CRM down' }) };
    const run = await runNode(failing);
    expect(run.port).toBe('failure');
    expect(run.output).toBeUndefined();
  });

  it('throws with the fix when execute returns a port the step does not have', async () => {
    const wrong = { ...countVisits, execute: async () => ({ ok: true, port: 'hot' }) };
    await expect(runNode(wrong)).rejects.toThrow(/port "hot".*many, few, failure/);
  });

  it('throws with where it is when execute returns data that is not plain JSON', async () => {
    const dated = { ...countVisits, execute: async () => ({ ok: true, data: { at: new Date(0) } }) };
    await expect(runNode(dated)).rejects.toThrow(/returned a Date at data\.at; store only strings/);
  });

  it('throws with the fix when execute returns garbage', async () => {
    const garbage = { ...countVisits, execute: async () => 'done' as never };
    await expect(runNode(garbage)).rejects.toThrow(/return an object such as \{ ok: true, data \}/);
  });

  it('throws when execute returns more than the runtime keeps', async () => {
    const huge = { ...countVisits, execute: async () => ({ ok: true, data: 'x'.repeat(2 * 1024 * 1024) }) };
    await expect(runNode(huge)).rejects.toThrow(
      /acme\/count-visits@1 execute returned data and traits of more than 1 MB as JSON; the runtime keeps at most 1 MB/,
    );
  });

  it('refuses to fetch when the test gave no fetch', async () => {
    const fetching = {
      ...countVisits,
      execute: async (_input: unknown, deps: { fetch: typeof fetch }) => {
        await deps.fetch('https://example.com/');
        return { ok: true };
      },
    };
    await expect(runNode(fetching)).rejects.toThrow(/gave no fetch/);
  });

  it('runs built-in steps too: branches and the effects they ask for', async () => {
    const vip = { rules: { all: [{ field: 'profile.plan', operator: 'equals', value: 'pro' }] } };
    expect((await runNode(condition, { config: vip, customer: { traits: { plan: 'pro' } } })).port).toBe(
      'yes',
    );
    expect((await runNode(condition, { config: vip, customer: { traits: { plan: 'free' } } })).port).toBe(
      'no',
    );
    const email = await runNode(sendMessage, {
      config: {
        ...sendMessage.defaults,
        channel: 'email',
        subject: 'Hi {{ profile.name }}',
        body: '<p>Hello</p>',
      },
      customer: { traits: { name: 'Ada', email: 'ada@example.com' } },
    });
    expect(email.effects).toEqual([
      expect.objectContaining({ type: 'send', channel: 'email', to: 'ada@example.com', subject: 'Hi Ada' }),
    ]);
  });

  it('reports config problems through the real compiler', async () => {
    const result = compileNode(countVisits, { event: 'page.viewed', threshold: 500 });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.message).join('\n')).toMatch(/100 or less/);
    await expect(runNode(countVisits, { config: { event: '', threshold: 2 } })).rejects.toThrow(
      /does not compile/,
    );
  });
});
