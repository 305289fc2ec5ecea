import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeConfig } from '@stagecraft/sdk';
import { compileNode, runNode } from '@stagecraft/sdk/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postMessage } from './post-message.js';

/** A Slack-compatible incoming webhook: answers by path, keeps every request it gets. */
let server: Server;
let base = '';
const received: { path: string; body: unknown }[] = [];
const answers: Record<string, [number, string]> = {
  '/hooks/ok': [200, 'ok'],
  '/hooks/archived': [410, 'channel_is_archived'],
  '/hooks/busy': [503, 'service_unavailable'],
};

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(body) });
      const [status, text] = answers[request.url ?? ''] ?? [404, 'no_service'];
      response.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
});

const customer = { id: 'c-42', traits: { email: 'ada@example.com', name: 'Ada <!channel>', plan: 'pro' } };
const event = { name: 'order.completed', properties: { total: 129.5, items: ['lamp', 'desk'] } };

describe('Post to Slack', () => {
  it('posts the message and blocks rendered for the customer, values escaped for Slack', async () => {
    const run = await runNode(postMessage, {
      config: {
        text: '*{{ profile.name }}* ordered {{ event.items }} for {{ event.total }}',
        blocks: JSON.stringify([
          { type: 'section', text: { type: 'mrkdwn', text: 'Order by {{ profile.email }} & co' } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'CRM tier: {{ response.crm.tier }}' }] },
        ]),
      },
      customer,
      event,
      outputs: { crm: { tier: 'gold' } },
      settings: { webhookUrl: `${base}/hooks/ok` },
      fetch,
    });
    expect(run.port).toBe('success');
    expect(run.output).toEqual({ status: 200 });
    expect(received).toEqual([
      {
        path: '/hooks/ok',
        body: {
          text: '*Ada &lt;!channel&gt;* ordered lamp, desk for 129.5',
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: 'Order by ada@example.com & co' } },
            { type: 'context', elements: [{ type: 'mrkdwn', text: 'CRM tier: gold' }] },
          ],
        },
      },
    ]);
  });

  it('takes the failure port with Slack’s reason when Slack refuses the message', async () => {
    const run = await runNode(postMessage, {
      customer,
      settings: { webhookUrl: `${base}/hooks/archived` },
      fetch,
    });
    expect(run.port).toBe('failure');
    expect(run.executions[0]?.result.error).toBe('Slack refused the message: 410 channel_is_archived');
    expect(run.logs[0]?.message).toBe('Slack refused the message');
  });

  it('throws on a Slack outage so the runtime retries with the step’s policy', async () => {
    await expect(
      runNode(postMessage, { customer, settings: { webhookUrl: `${base}/hooks/busy` }, fetch }),
    ).rejects.toThrow('Slack answered 503 service_unavailable');
    expect(received).toHaveLength(1);
  });

  it('posts nothing and says where to fix it when the webhook URL is not set', async () => {
    const run = await runNode(postMessage, { customer, settings: {}, fetch });
    expect(run.port).toBe('failure');
    expect(run.executions[0]?.result.error).toMatch(/Settings > Plugins/);
    expect(received).toEqual([]);
  });

  it('refuses blocks that are not Block Kit JSON and templates that do not parse', () => {
    const notJson = compileNode(postMessage, { text: 'Hi', blocks: '{"type": "section"' });
    expect(notJson.ok).toBe(false);
    expect(notJson.diagnostics.map((d) => d.message).join('\n')).toMatch(/must be Block Kit JSON/);
    const untyped = compileNode(postMessage, { text: 'Hi', blocks: '[{"text": "x"}]' });
    expect(untyped.diagnostics.map((d) => d.message).join('\n')).toMatch(/Block 1 needs a "type"/);
    const broken = compileNode(postMessage, { text: 'Hi {% if profile.vip %}VIP', blocks: '' });
    expect(broken.diagnostics.map((d) => d.message).join('\n')).toMatch(/endif/);
  });

  it('summarises the message on the card', () => {
    expect(describeConfig(postMessage, { text: 'New signup:\n*{{ profile.email }}*' })).toBe(
      'Post to Slack: “New signup: *{{ profile.email }}*”',
    );
  });
});
