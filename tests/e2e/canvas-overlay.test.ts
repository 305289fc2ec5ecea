import { DEFAULT_STAGES } from '@stagecraft/graph';
import { describe, it } from 'vitest';
import { useE2e } from './harness/index';
import { nodeCard, openEditor, see, seeNo } from './harness/screens';

const node = (id: string, type: string, config: Record<string, unknown>, x: number, y = 0) => ({
  id,
  type,
  typeVersion: 1,
  position: { x, y },
  config,
});

/** Trial starts; pro customers wait two days, others are tagged; an order is the goal. */
const TRIAL_NUDGE = {
  name: 'Trial nudge',
  nodes: [
    node('start', 'event-trigger', { event: 'trial.started', where: [] }, 0),
    node(
      'pro',
      'condition',
      { rules: { all: [{ field: 'profile.plan', operator: 'equals', value: 'pro' }] } },
      320,
    ),
    node('pause', 'wait', { mode: 'duration', duration: { amount: 2, unit: 'days' } }, 640, -120),
    node('free', 'tag', { op: 'add', tag: 'free' }, 640, 160),
  ],
  edges: [
    { id: 'to-pro', source: 'start', target: 'pro', sourcePort: 'out' },
    { id: 'pro-yes', source: 'pro', target: 'pause', sourcePort: 'yes' },
    { id: 'pro-no', source: 'pro', target: 'free', sourcePort: 'no' },
  ],
  stages: DEFAULT_STAGES,
  settings: {
    goal: { event: { event: 'Order Completed' }, attributionWindowSeconds: 30 * 86_400, exitOnGoal: true },
  },
};

describe('the canvas overlay of a published journey', () => {
  const e2e = useE2e();

  it('draws runs and conversion on each connection, and lists who waits at a step and until when', async () => {
    const { product } = e2e;
    const created = await product.api<{ id: string }>('/api/journeys', {
      method: 'POST',
      body: { document: TRIAL_NUDGE },
    });
    await product.api(`/api/journeys/${created.id}/publish`, { method: 'POST', body: {} });
    for (const [id, plan] of [
      ['ann', 'pro'],
      ['bea', 'pro'],
      ['cy', 'pro'],
      ['dan', 'free'],
    ] as const) {
      await product.identify(id, { plan });
      await product.track(id, 'trial.started');
    }
    await product.track('bea', 'Order Completed', { revenue: 30 });

    const page = await e2e.signedInPage();
    await openEditor(page, created.id);
    // Four came in; three of four went "Yes" (one of whom bought), one "No".
    await see(page.getByTestId('edge-count-to-pro'), '4 · 25% conv.', 30_000);
    await see(page.getByTestId('edge-count-pro-yes'), '3 · 75% · 33.3% conv.');
    await see(page.getByTestId('edge-count-pro-no'), '1 · 25% · 0% conv.');
    await see(page.getByTestId('node-counts-pause').getByTestId('count-waiting'), /^2 waiting$/);

    // Selecting the wait lists who waits there, each with when they move on.
    await nodeCard(page, 'pause').click();
    const panel = page.getByTestId('waiting-panel');
    await see(panel, '2 waiting at Wait');
    await see(panel, 'ann');
    await see(panel, 'cy');
    const rows = panel.locator('tbody tr');
    await see(rows.first(), new RegExp(String(new Date(Date.now() + 2 * 86_400_000).getFullYear())));
    await panel.getByRole('button', { name: 'Close the waiting list' }).click();
    await seeNo(panel);
  });
});
