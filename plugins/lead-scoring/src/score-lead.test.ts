import { describeConfig } from '@stagecraft/sdk';
import { compileNode, DEFAULT_NOW, runNode } from '@stagecraft/sdk/testing';
import { describe, expect, it } from 'vitest';
import { type ScoreLeadConfig, scoreLead } from './score-lead.js';

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(DEFAULT_NOW.getTime() - days * DAY).toISOString();
const views = (...ages: number[]) => ages.map((age) => ({ name: 'page.viewed', at: daysAgo(age) }));

const config: ScoreLeadConfig = {
  traits: [
    {
      label: 'Works at a company',
      when: { all: [{ field: 'profile.company', operator: 'exists' }] },
      points: 20,
    },
    {
      label: 'Free mail',
      when: { any: [{ field: 'profile.email', operator: 'contains', value: '@gmail.' }] },
      points: -10,
    },
    {
      label: 'Came from an ad',
      when: { all: [{ field: 'event.source', operator: 'equals', value: 'ads' }] },
      points: 5,
    },
  ],
  events: [
    { event: 'page.viewed', withinDays: 30, points: 5, maxPoints: 25 },
    { event: 'demo.requested', withinDays: null, points: 50, maxPoints: null },
  ],
  hotAt: 70,
  warmAt: 30,
  scoreTrait: 'lead_score',
  tierTrait: 'lead_tier',
};

describe('Score lead', () => {
  it('scores a hot lead, writes score and tier to the profile and takes the hot port', async () => {
    const run = await runNode(scoreLead, {
      config,
      customer: {
        traits: { company: 'Acme', email: 'ada@acme.com' },
        events: [...views(1, 2, 3, 4, 5, 6, 7), { name: 'demo.requested', at: daysAgo(400) }],
      },
      event: { name: 'user.signed_up', properties: { source: 'ads' } },
    });
    expect(run.port).toBe('hot');
    // 20 (company) + 5 (ad) + 25 (7 views, capped) + 50 (demo, no window)
    expect(run.profileWrites).toEqual([{ lead_score: 100, lead_tier: 'hot' }]);
    expect(run.profile).toMatchObject({ company: 'Acme', lead_score: 100, lead_tier: 'hot' });
    expect(run.output).toEqual({
      score: 100,
      tier: 'hot',
      parts: [
        { reason: 'Works at a company', points: 20 },
        { reason: 'Came from an ad', points: 5 },
        { reason: '7 × page.viewed in 30 days', points: 25 },
        { reason: '1 × demo.requested', points: 50 },
      ],
    });
  });

  it('counts only events inside the window and takes the warm port', async () => {
    const run = await runNode(scoreLead, {
      config,
      customer: { traits: { company: 'Acme' }, events: views(1, 10, 45, 90) },
    });
    expect(run.output).toMatchObject({ score: 30, tier: 'warm' });
    expect(run.port).toBe('warm');
  });

  it('lets negative weights pull a lead down to cold', async () => {
    const run = await runNode(scoreLead, {
      config,
      customer: { traits: { email: 'bob@gmail.com' }, events: views(2) },
    });
    expect(run.profile).toMatchObject({ lead_score: -5, lead_tier: 'cold' });
    expect(run.port).toBe('cold');
  });

  it('writes to the traits the step names', async () => {
    const run = await runNode(scoreLead, {
      config: { ...config, scoreTrait: 'fit_score', tierTrait: 'fit' },
      customer: { traits: {} },
    });
    expect(run.profileWrites).toEqual([{ fit_score: 0, fit: 'cold' }]);
  });

  it('explains thresholds, trait names and rules it cannot use', () => {
    const result = compileNode(scoreLead, {
      ...config,
      warmAt: 80,
      tierTrait: 'lead_score',
      traits: [{ label: '', when: { all: [{ field: 'response.crm.tier', operator: 'exists' }] }, points: 5 }],
    });
    expect(result.ok).toBe(false);
    const messages = result.diagnostics.map((d) => d.message).join('\n');
    expect(messages).toMatch(/"Warm from" at or below "Hot from" \(70\)/);
    expect(messages).toMatch(/different trait/);
    expect(messages).toMatch(/response/);
  });

  it('summarises thresholds and weights on the card', () => {
    expect(describeConfig(scoreLead, config)).toBe('Hot from 70, warm from 30 · 5 weights');
  });
});
