// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { RuleGroupField } from './RuleBuilder';
import { renderForm, schemaOf } from './test-harness';

afterEach(cleanup);

describe('rule builder', () => {
  it('offers saved segments in journeys, not in a segment’s own rules', () => {
    const field = (savedSegments?: boolean) => (
      <RuleGroupField
        schema={{ type: 'object' }}
        path={['rules']}
        label="Customers who match"
        value={{ all: [] }}
        onChange={() => {}}
        {...(savedSegments === undefined ? {} : { savedSegments })}
      />
    );
    render(field());
    expect(screen.queryByRole('button', { name: '+ Saved segment' })).toBeTruthy();
    cleanup();
    render(field(false));
    expect(screen.queryByRole('button', { name: '+ Saved segment' })).toBeNull();
    expect(screen.getByRole('button', { name: '+ Event count' })).toBeTruthy();
  });

  it('starts empty and says who matches', () => {
    renderForm(schemaOf('condition'), { rules: { all: [] } });
    expect(screen.getByText('No rules yet: everyone matches.')).toBeTruthy();
  });

  it('builds "plan is one of pro, team" from a field, an operator and a list of values', async () => {
    const user = userEvent.setup();
    const { latest } = renderForm(schemaOf('condition'), { rules: { all: [] } });
    await user.click(screen.getByRole('button', { name: '+ Rule' }));
    await user.type(screen.getByLabelText('Field of rule 1'), 'profile.plan');
    await user.selectOptions(screen.getByLabelText('Operator of rule 1'), 'is one of');
    await user.type(screen.getByLabelText('Values of rule 1, separated by commas'), 'pro, team');
    expect(latest()).toEqual({
      rules: { all: [{ field: 'profile.plan', operator: 'in', value: ['pro', 'team'] }] },
    });
  });

  it('reads numbers as numbers, and quoted numbers as text', async () => {
    const user = userEvent.setup();
    const { latest } = renderForm(schemaOf('condition'), {
      rules: { all: [{ field: 'profile.score', operator: 'greater_or_equal', value: '' }] },
    });
    await user.type(screen.getByLabelText('Value of rule 1'), '9');
    expect(latest()).toEqual({
      rules: { all: [{ field: 'profile.score', operator: 'greater_or_equal', value: 9 }] },
    });
    await user.selectOptions(screen.getByLabelText('Operator of rule 1'), 'equals');
    const value = screen.getByLabelText('Value of rule 1');
    await user.clear(value);
    await user.type(value, '"42"');
    expect(latest()).toEqual({
      rules: { all: [{ field: 'profile.score', operator: 'equals', value: '42' }] },
    });
  });

  it('flags a comparison that needs a number, and a field outside the allowed roots', async () => {
    const user = userEvent.setup();
    renderForm(schemaOf('condition'), {
      rules: { all: [{ field: 'plan', operator: 'greater_than', value: 'lots' }] },
    });
    expect(screen.getByText('"plan" greater_than compares numbers; enter a number.')).toBeTruthy();
    expect(
      screen.getByText(
        '"plan" is not a field; start with "profile.", "event." or "response.", or use "stage".',
      ),
    ).toBeTruthy();
    await user.clear(screen.getByLabelText('Field of rule 1'));
    await user.type(screen.getByLabelText('Field of rule 1'), 'profile.plan');
    expect(screen.queryByText(/is not a field/)).toBeNull();
  });

  it('hides the value for "is set" and switches the group from all to any', async () => {
    const user = userEvent.setup();
    const { latest } = renderForm(schemaOf('condition'), {
      rules: { all: [{ field: 'profile.email', operator: 'equals', value: 'a@b.c' }] },
    });
    await user.selectOptions(screen.getByLabelText('Operator of rule 1'), 'is set');
    expect(screen.queryByLabelText('Value of rule 1')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Match all or any of these rules'), 'any');
    expect(latest()).toEqual({ rules: { any: [{ field: 'profile.email', operator: 'exists' }] } });
  });

  it('nests a group and counts events within a window', async () => {
    const user = userEvent.setup();
    const { latest } = renderForm(schemaOf('condition'), { rules: { all: [] } });
    await user.click(screen.getByRole('button', { name: '+ Group' }));
    const group = screen.getByRole('group', { name: 'Rule group 1' });
    await user.click(within(group).getByRole('button', { name: '+ Event count' }));
    await user.type(screen.getByLabelText('Event of rule 1.1'), 'order.completed');
    const times = screen.getByLabelText('Times of rule 1.1');
    await user.clear(times);
    await user.type(times, '2');
    await user.type(screen.getByLabelText('Window of rule 1.1'), '30');
    expect(latest()).toEqual({
      rules: {
        all: [
          {
            any: [
              {
                eventCount: { event: 'order.completed', withinSeconds: 2_592_000 },
                operator: 'greater_or_equal',
                value: 2,
              },
            ],
          },
        ],
      },
    });
  });

  it('asks whether one event came before another within a window, and shows what is missing', async () => {
    const user = userEvent.setup();
    const { latest } = renderForm(schemaOf('condition'), { rules: { all: [] } });
    await user.click(screen.getByRole('button', { name: '+ Event order' }));
    await user.type(screen.getByLabelText('First event of rule 1'), 'pricing.viewed');
    await user.type(screen.getByLabelText('Window of rule 1'), '2');
    expect(screen.getByText('Name the event that comes after it, e.g. trial.started.')).toBeTruthy();
    await user.type(screen.getByLabelText('Second event of rule 1'), 'trial.started');
    await user.selectOptions(screen.getByLabelText('Whether it happened, rule 1'), 'did not happen before');
    expect(latest()).toEqual({
      rules: {
        all: [
          {
            eventOrder: { first: 'pricing.viewed', second: 'trial.started', withinSeconds: 172_800 },
            operator: 'not_happened',
          },
        ],
      },
    });
  });

  it('removes a rule', async () => {
    const user = userEvent.setup();
    const { latest } = renderForm(schemaOf('condition'), {
      rules: {
        all: [
          { field: 'profile.plan', operator: 'equals', value: 'pro' },
          { field: 'profile.country', operator: 'equals', value: 'DE' },
        ],
      },
    });
    await user.click(screen.getByRole('button', { name: 'Remove rule 1' }));
    expect(latest()).toEqual({
      rules: { all: [{ field: 'profile.country', operator: 'equals', value: 'DE' }] },
    });
  });

  it('edits the property filters of an event trigger as a flat list', async () => {
    const user = userEvent.setup();
    const { latest } = renderForm(schemaOf('event-trigger'), { event: 'nps.submitted', where: [] });
    expect(screen.getByText('No filters: every such event counts.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '+ Add filter' }));
    await user.type(screen.getByLabelText('Field of filter 1'), 'event.score');
    await user.selectOptions(screen.getByLabelText('Operator of filter 1'), 'is at least');
    await user.type(screen.getByLabelText('Value of filter 1'), '9');
    expect(latest()).toEqual({
      event: 'nps.submitted',
      where: [{ field: 'event.score', operator: 'greater_or_equal', value: 9 }],
    });
  });

  it("offers the journey's stages as values when the field is the lifecycle stage", async () => {
    const user = userEvent.setup();
    const { latest } = renderForm(
      schemaOf('condition'),
      { rules: { all: [{ field: 'stage', operator: 'equals', value: '' }] } },
      {
        stages: [
          { id: 'onboarding', name: 'Onboarding' },
          { id: 'retention', name: 'Retention' },
        ],
      },
    );
    await user.selectOptions(screen.getByLabelText('Value of rule 1'), 'Retention');
    expect(latest()).toEqual({
      rules: { all: [{ field: 'stage', operator: 'equals', value: 'retention' }] },
    });
  });
});
