// @vitest-environment jsdom
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cleanup, render, screen } from '@testing-library/react';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { PluginCardView } from './PluginCardView';

afterEach(cleanup);

/** Card view modules as a plugin ships them: plain ES modules that take React from the editor. */
const folder = mkdtempSync(join(import.meta.dirname, '../../../.card-views-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
function cardModule(name: string, source: string): string {
  writeFileSync(join(folder, name), source);
  return pathToFileURL(join(folder, name)).href;
}

const leadScoringCard = pathToFileURL(
  join(import.meta.dirname, '../../../../../plugins/lead-scoring/src/card.ts'),
).href;
const fallback = <p>standard summary</p>;

describe('PluginCardView', () => {
  it("draws a plugin's own card with the editor's React, given the step's config and summary", async () => {
    render(
      <PluginCardView
        url={leadScoringCard}
        type="lead-scoring/score"
        config={{ hotAt: 80, warmAt: 50 }}
        summary="Hot from 80, warm from 50 · 2 weights"
        fallback={fallback}
      />,
    );
    expect(screen.getByText('standard summary')).toBeTruthy();
    const tiers = await screen.findByTestId('lead-score-tiers');
    expect(tiers.textContent).toContain('Cold < 50');
    expect(tiers.textContent).toContain('Hot ≥ 80');
    expect(tiers.textContent).toContain('Hot from 80, warm from 50 · 2 weights');
  });

  it('falls back to the standard card when the view throws, and tries again for a new config', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const url = cardModule(
      'throws.js',
      `const React = window.__stagecraft.React;
export default function Card({ config }) {
  if (config.broken) throw new Error('bad config');
  return React.createElement('p', null, 'custom ' + config.name);
}`,
    );
    const view = (config: unknown) => (
      <PluginCardView url={url} type="acme/x" config={config} summary="s" fallback={fallback} />
    );
    const { rerender } = render(view({ name: 'one' }));
    await screen.findByText('custom one');
    rerender(view({ broken: true }));
    await screen.findByText('standard summary');
    rerender(view({ name: 'two' }));
    await screen.findByText('custom two');
    warn.mockRestore();
    error.mockRestore();
  });

  it('keeps the standard card when the module does not load or has no component', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const missing = pathToFileURL(join(folder, 'missing.js')).href;
    const empty = cardModule('empty.js', 'export const notAComponent = 1;');
    for (const url of [missing, empty]) {
      render(<PluginCardView url={url} type="acme/x" config={{}} summary="s" fallback={fallback} />);
      await vi.waitFor(() =>
        expect(warn.mock.calls.some(([message]) => String(message).includes(url))).toBe(true),
      );
      expect(screen.getByText('standard summary')).toBeTruthy();
      expect(screen.queryByTestId('plugin-card-view')).toBeNull();
      cleanup();
    }
    warn.mockRestore();
  });
});
