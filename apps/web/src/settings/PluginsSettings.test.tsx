// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JsonSchema } from '../forms/json-schema';
import { ToastProvider } from '../ui/toasts';
import { PluginsSettings } from './PluginsSettings';
import type { InstalledPlugin } from './plugin-queries';

afterEach(cleanup);

/** A plugin's settings schema as the server serves it: its zod object as JSON Schema. */
const settingsSchema = z.toJSONSchema(
  z.object({
    webhookUrl: z.url().meta({ title: 'Incoming webhook URL', secret: true }),
    channel: z.string().min(1).meta({ title: 'Channel name' }),
  }),
  { io: 'input' },
) as JsonSchema;

function renderPlugins(plugins: InstalledPlugin[]) {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY } } });
  client.setQueryData(['settings', 'plugins'], { plugins });
  return render(
    <QueryClientProvider client={client}>
      <ToastProvider>
        <PluginsSettings />
      </ToastProvider>
    </QueryClientProvider>,
  );
}

describe('Settings > Plugins', () => {
  it("renders each plugin's settings form from its schema, secrets write-only", async () => {
    const user = userEvent.setup();
    renderPlugins([
      {
        package: 'slack-webhook',
        version: '1.0.0',
        nodeTypes: ['slack-webhook/post-message'],
        channels: [],
        settingsSchema,
        settings: { webhookUrl: '••••Xy9z', channel: 'sales' },
      },
      {
        package: 'lead-scoring',
        version: '1.2.0',
        nodeTypes: ['lead-scoring/score'],
        channels: [],
        settingsSchema: null,
        settings: {},
      },
    ]);
    const slack = screen.getByTestId('plugin-slack-webhook');
    expect(within(slack).getByText('Adds step slack-webhook/post-message.')).toBeTruthy();
    const secret = within(slack).getByLabelText(/Incoming webhook URL/) as HTMLInputElement;
    expect(secret.type).toBe('password');
    expect(secret.value).toBe('••••Xy9z');
    // The stored secret is kept as shown; its URL rule applies once a new value is typed.
    expect(slack.querySelector('.field-invalid')).toBeNull();
    await user.clear(secret);
    await user.type(secret, 'not a url');
    expect(slack.querySelector('.field-invalid')).not.toBeNull();
    await user.clear(secret);
    await user.type(secret, 'https://hooks.slack.com/services/T0/B0/abc');
    expect(slack.querySelector('.field-invalid')).toBeNull();
    expect((within(slack).getByLabelText(/Channel name/) as HTMLInputElement).type).toBe('text');

    const scoring = screen.getByTestId('plugin-lead-scoring');
    expect(within(scoring).getByText('This plugin has no settings.')).toBeTruthy();
  });

  it('says how plugins get installed when there are none', () => {
    renderPlugins([]);
    expect(screen.getByText('No plugins installed')).toBeTruthy();
  });
});
