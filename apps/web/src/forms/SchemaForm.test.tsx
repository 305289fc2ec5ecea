// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonSchema } from './json-schema';
import { renderForm, schemaOf } from './test-harness';

afterEach(cleanup);

describe('SchemaForm', () => {
  it('edits a wait for a duration and reports the new config', async () => {
    const user = userEvent.setup();
    const { latest } = renderForm(schemaOf('wait'), {
      mode: 'duration',
      duration: { amount: 1, unit: 'days' },
    });
    expect(screen.getByLabelText('Mode')).toHaveProperty('value', '0');
    const amount = screen.getByLabelText(/Amount/);
    await user.clear(amount);
    await user.type(amount, '3');
    await user.selectOptions(screen.getByLabelText(/Unit/), 'Hours');
    expect(latest()).toEqual({ mode: 'duration', duration: { amount: 3, unit: 'hours' } });
  });

  it("switches a wait to a time of day and shows that shape's fields, days as toggles", async () => {
    const user = userEvent.setup();
    const { latest } = renderForm(schemaOf('wait'), {
      mode: 'duration',
      duration: { amount: 1, unit: 'days' },
    });
    await user.selectOptions(screen.getByLabelText('Mode'), 'Until a time of day');
    expect(screen.getByLabelText(/Hour \(0-23\)/)).toBeTruthy();
    expect(screen.queryByLabelText(/Amount/)).toBeNull();
    await user.click(screen.getByLabelText('Sun'));
    expect(latest()).toMatchObject({ mode: 'time-of-day', weekdays: [1, 2, 3, 4, 5, 6], timeZone: null });
  });

  it('flags a required field as soon as it is emptied, and a number out of range', async () => {
    const user = userEvent.setup();
    renderForm(schemaOf('wait-for-event'), {
      event: 'survey.completed',
      where: [],
      timeout: { amount: 2, unit: 'days' },
    });
    await user.clear(screen.getByLabelText(/Event name/));
    expect(screen.getByText('Fill this in.')).toBeTruthy();
    const amount = screen.getByLabelText(/Amount/);
    await user.clear(amount);
    await user.type(amount, '0');
    expect(screen.getByText('Must be 1 or more.')).toBeTruthy();
    expect(amount.getAttribute('aria-invalid')).toBe('true');
  });

  it('adds, names and removes the arms of an A/B split', async () => {
    const user = userEvent.setup();
    const { latest } = renderForm(schemaOf('random-split'), {
      arms: [
        { id: 'a', label: 'A', weight: 50 },
        { id: 'b', label: 'B', weight: 50 },
      ],
      holdout: { enabled: false, weight: 10 },
    });
    await user.click(screen.getByRole('button', { name: '+ Add arm' }));
    expect(screen.getByText('Arm 3 · C')).toBeTruthy();
    expect((latest() as { arms: unknown[] }).arms[2]).toEqual({ id: 'c', label: 'C', weight: 0 });
    await user.click(screen.getByRole('button', { name: 'Remove Arm 1 · A' }));
    expect((latest() as { arms: { id: string }[] }).arms.map((arm) => arm.id)).toEqual(['b', 'c']);
    await user.click(screen.getByLabelText('Keep a holdout group'));
    expect(latest()).toMatchObject({ holdout: { enabled: true, weight: 10 } });
  });

  it("shows the compiler's message under the field it names", () => {
    renderForm(
      schemaOf('random-split'),
      { arms: [{ id: 'a', label: 'A', weight: 0 }], holdout: { enabled: false, weight: 10 } },
      { errors: { arms: 'The weights add up to 0; give at least one arm a weight.' } },
    );
    const arms = screen.getByRole('group', { name: 'Arms' });
    expect(within(arms).getByText('The weights add up to 0; give at least one arm a weight.')).toBeTruthy();
  });

  it('treats an emptied optional recipient as "use the profile" (null)', async () => {
    const user = userEvent.setup();
    const { latest } = renderForm(schemaOf('send-message'), {
      channel: 'email',
      name: 'Welcome',
      subject: 'Hi',
      body: 'Hello',
      to: 'ops@example.com',
      url: null,
    });
    await user.clear(screen.getByLabelText('Send to'));
    expect(latest()).toMatchObject({ to: null });
  });

  it('previews a message template for the sample customer and inserts variables', async () => {
    const user = userEvent.setup();
    const { latest } = renderForm(
      schemaOf('send-message'),
      {
        channel: 'email',
        name: 'Welcome',
        subject: 'Hi {{ profile.first_name }}',
        body: 'Hello',
        to: null,
        url: null,
      },
      {
        variables: ['profile.first_name', 'profile.plan'],
        renderPreview: (template) => template.replace(/\{\{\s*profile\.first_name\s*\}\}/g, 'Ada'),
      },
    );
    expect(screen.getByText('Hi Ada')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Insert a variable into Message'), 'profile.plan');
    expect((latest() as { body: string }).body).toContain('{{ profile.plan }}');
  });

  it('builds a form for a plugin schema it has never seen', async () => {
    const user = userEvent.setup();
    const plugin: JsonSchema = {
      type: 'object',
      properties: {
        list: { type: 'string', title: 'Mailing list' },
        doubleOptIn: { type: 'boolean', title: 'Double opt-in', default: true },
        score: {
          type: 'object',
          title: 'Lead score',
          properties: { min: { type: 'integer', minimum: 0, title: 'At least' } },
          required: ['min'],
        },
        tags: { type: 'array', title: 'Tags', items: { type: 'string' } },
      },
      required: ['list', 'score'],
    };
    const { latest } = renderForm(plugin, { list: '', doubleOptIn: true, score: { min: 10 }, tags: [] });
    await user.type(screen.getByLabelText(/Mailing list/), 'newsletter');
    await user.click(screen.getByLabelText('Double opt-in'));
    await user.click(screen.getByRole('button', { name: '+ Add' }));
    await user.type(screen.getByLabelText('Tags 1'), 'vip');
    expect(screen.getByRole('group', { name: 'Lead score' })).toBeTruthy();
    expect(latest()).toEqual({ list: 'newsletter', doubleOptIn: false, score: { min: 10 }, tags: ['vip'] });
  });

  it('locks every control when read-only', () => {
    renderForm(
      schemaOf('wait'),
      { mode: 'duration', duration: { amount: 1, unit: 'days' } },
      { disabled: true },
    );
    for (const control of screen.getAllByRole('combobox')) expect(control).toHaveProperty('disabled', true);
    expect(screen.getByLabelText(/Amount/)).toHaveProperty('disabled', true);
  });
});
