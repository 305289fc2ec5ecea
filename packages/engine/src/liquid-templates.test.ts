import { edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { startRun } from './start-run';
import { stepRun } from './step-run';
import { compileForTest, MONDAY, profileOf } from './test-support';
import type { Effect } from './types';

const order = {
  id: 'evt-1',
  name: 'order.completed',
  properties: {
    order_id: 'A-17',
    items: [
      { sku: 'hat', qty: 1 },
      { sku: 'scarf', qty: 2 },
    ],
  },
  at: MONDAY,
};

/** A journey sending one message after an HTTP lookup; `version` is the type version both steps were saved with. */
function journey(message: Record<string, unknown>, call: Record<string, unknown>, version: number) {
  return compileForTest(
    journeyDoc(
      [
        node('start', 'event-trigger', { event: 'order.completed' }),
        node('lookup', 'http-request', call, { typeVersion: version }),
        node('mail', 'send-message', message, { typeVersion: version }),
      ],
      [edge('start', 'lookup'), edge('lookup', 'mail', 'success')],
    ),
    builtinRegistry,
  );
}

function run(compiled: ReturnType<typeof journey>, traits: Record<string, unknown>): Effect[] {
  const profile = profileOf('ada', traits);
  const started = startRun(compiled, {
    runId: 'run-1',
    customerId: 'ada',
    triggerNodeId: 'start',
    event: order,
    profile,
    now: MONDAY,
  });
  const answer = {
    type: 'result',
    nodeId: 'lookup',
    visit: 1,
    ok: true,
    data: { tier: 'gold', offers: ['10%', 'free shipping'] },
  } as const;
  const next = stepRun(compiled, started.state, answer, { profile, now: MONDAY });
  return [...started.effects, ...next.effects].filter(
    (effect) => effect.type === 'send' || effect.type === 'http',
  );
}

describe('Liquid templates in a run', () => {
  it('renders defaults, conditions and loops over the event and an earlier response', () => {
    const compiled = journey(
      {
        channel: 'email',
        name: 'Receipt',
        subject: 'Thanks, {{ profile.first_name | default: "there" }}',
        body: '{% for item in event.items %}{{ item.qty }}x {{ item.sku }}; {% endfor %}{% if response.lookup.tier == "gold" %}Gold: {{ response.lookup.offers }}{% endif %} <{{ profile.note }}>',
      },
      {
        method: 'POST',
        url: 'https://crm.example.com/orders/{{ event.order_id }}',
        body: '{"n": "{{ event.items.size }}"}',
      },
      2,
    );
    const [call, mail] = run(compiled, { note: '<b>' });
    expect(call).toMatchObject({ url: 'https://crm.example.com/orders/A-17', body: '{"n":2}' });
    expect(mail).toMatchObject({
      subject: 'Thanks, there',
      body: '1x hat; 2x scarf; Gold: 10%, free shipping <&lt;b&gt;>',
    });
  });

  it('renders a version saved with version 1 templates exactly as version 1 did', () => {
    const compiled = journey(
      {
        channel: 'email',
        name: 'Receipt',
        subject: 'Hi {{ profile.first_name | "there" }}, order {{ event.order_id }}',
        body: 'Tier {{ response.lookup.tier | "none" }}; {{ profile.off | "x" }}; {{ response.lookup.offers }}; {% not liquid %} {{ nope }} {{ profile.plan | \'free\' }}',
        to: '{{ profile.work-email }}',
      },
      {
        method: 'POST',
        url: 'https://crm.example.com/orders/{{ event.order_id }}',
        headers: [{ name: 'X-Plan', value: '{{ profile.plan | "free" }}' }],
        body: '{"who": "{{ profile.first_name | "anon" }}", "off": "{{ profile.off }}"}',
      },
      1,
    );
    const [call, mail] = run(compiled, { off: false, 'work-email': 'ada@work.example' });
    expect(call).toMatchObject({
      url: 'https://crm.example.com/orders/A-17',
      headers: { 'X-Plan': 'free' },
      body: '{"who":"anon","off":false}',
    });
    expect(mail).toMatchObject({
      to: 'ada@work.example',
      subject: 'Hi there, order A-17',
      body: 'Tier gold; false; 10%, free shipping; {% not liquid %} {{ nope }} free',
    });
  });

  it('refuses a message whose render runs past its limit, with the reason, instead of failing the run', () => {
    const compiled = journey(
      { channel: 'sms', name: 'Loop', body: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' },
      { method: 'GET', url: 'https://crm.example.com/x' },
      2,
    );
    const mail = run(compiled, { phone: '+331' }).find((effect) => effect.type === 'send');
    expect(mail).toMatchObject({ type: 'send', body: '', refused: expect.stringMatching(/^refused: /) });
  });
});
