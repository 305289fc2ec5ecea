/**
 * The card view of Score lead: the three tiers as a bar with their thresholds. The editor gives
 * its React through `window.__stagecraft`, so this module bundles none; it reads the config as
 * saved, so it checks what it draws and shows the summary line when the config is incomplete.
 */
interface ReactLike {
  createElement(type: string, props: Record<string, unknown> | null, ...children: unknown[]): unknown;
}

const React = (globalThis as unknown as { __stagecraft: { React: ReactLike } }).__stagecraft.React;
const h = React.createElement;

interface CardProps {
  type: string;
  config: unknown;
  summary: string;
}

const TIERS = [
  { id: 'cold', label: 'Cold', color: '#6b8fb3' },
  { id: 'warm', label: 'Warm', color: '#d79b3f' },
  { id: 'hot', label: 'Hot', color: '#c8553d' },
] as const;

export default function ScoreLeadCard({ config, summary }: CardProps): unknown {
  const { hotAt, warmAt } = (config ?? {}) as { hotAt?: unknown; warmAt?: unknown };
  if (typeof hotAt !== 'number' || typeof warmAt !== 'number') return h('p', null, summary);
  const edges = [`< ${warmAt}`, `${warmAt}–${hotAt}`, `≥ ${hotAt}`];
  return h(
    'div',
    { 'data-testid': 'lead-score-tiers' },
    h(
      'div',
      { style: { display: 'flex', gap: '2px', borderRadius: '4px', overflow: 'hidden' } },
      ...TIERS.map((tier, index) =>
        h(
          'span',
          {
            key: tier.id,
            style: { flex: 1, background: tier.color, color: '#fff', fontSize: '11px', padding: '2px 4px' },
          },
          `${tier.label} ${edges[index]}`,
        ),
      ),
    ),
    h('p', { style: { margin: '4px 0 0' } }, summary),
  );
}
