import { journeyTemplates } from '@stagecraft/journeys';
import { describe, expect, it } from 'vitest';
import { useE2e } from './harness/index';
import { nodeCard, openEditor } from './harness/screens';

describe('opening a journey', () => {
  const e2e = useE2e();

  it('shows every step of the welcome series inside the canvas', async () => {
    const journey = await e2e.product.api<{ id: string }>('/api/journeys', {
      method: 'POST',
      body: { templateId: 'welcome-series', name: 'Welcome series' },
    });
    const page = await e2e.signedInPage();
    await openEditor(page, journey.id);

    const canvas = await page.getByTestId('canvas').boundingBox();
    expect(canvas).not.toBeNull();
    const template = journeyTemplates.find((entry) => entry.id === 'welcome-series');
    const ids = template?.document.nodes.map((node) => node.id) ?? [];
    expect(ids.length).toBeGreaterThan(6);
    const outside: string[] = [];
    for (const id of ids) {
      const card = nodeCard(page, id);
      await card.waitFor();
      const box = await card.boundingBox();
      if (!box || !canvas) {
        outside.push(`${id}: not drawn`);
        continue;
      }
      const inside =
        box.x >= canvas.x &&
        box.y >= canvas.y &&
        box.x + box.width <= canvas.x + canvas.width &&
        box.y + box.height <= canvas.y + canvas.height;
      if (!inside) outside.push(`${id}: ${JSON.stringify(box)} not within ${JSON.stringify(canvas)}`);
    }
    expect(outside).toEqual([]);
  });
});
