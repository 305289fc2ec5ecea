import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useCan } from '../people/queries';
import { ErrorNotice, Loading } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import {
  type ChannelName,
  type ChannelSettings,
  channelQueries,
  useSaveChannel,
  useTestChannel,
} from './channel-queries';
import { GuardrailsSettings } from './GuardrailsSettings';
import { SuppressionsList } from './SuppressionsList';

/** Each channel's providers, and the fields each provider takes (`secret` ones come back masked). */
const PROVIDERS: Record<ChannelName, { id: string; label: string; fields: Field[] }[]> = {
  email: [
    {
      id: 'smtp',
      label: 'SMTP',
      fields: [
        { name: 'host', label: 'Server', placeholder: 'smtp.example.com' },
        { name: 'port', label: 'Port', kind: 'number', placeholder: '587' },
        {
          name: 'secure',
          label: 'TLS from the start (port 465); otherwise STARTTLS when offered',
          kind: 'boolean',
        },
        { name: 'auth.user', label: 'User' },
        { name: 'auth.pass', label: 'Password', secret: true },
        { name: 'from', label: 'From', placeholder: 'Acme <hello@acme.test>' },
        { name: 'replyTo', label: 'Reply-To (optional)' },
      ],
    },
  ],
  sms: [
    {
      id: 'twilio',
      label: 'Twilio (or compatible)',
      fields: [
        { name: 'accountSid', label: 'Account SID' },
        { name: 'authToken', label: 'Auth token', secret: true },
        { name: 'from', label: 'From number', placeholder: '+15550100' },
        { name: 'baseUrl', label: 'API address', placeholder: 'https://api.twilio.com' },
      ],
    },
    {
      id: 'http',
      label: 'HTTP',
      fields: [
        { name: 'url', label: 'URL' },
        { name: 'headers', label: 'Headers (JSON)', kind: 'json', secret: true },
      ],
    },
  ],
  push: [
    {
      id: 'fcm',
      label: 'Firebase Cloud Messaging (HTTP v1)',
      fields: [
        { name: 'serviceAccount', label: 'Service account JSON', kind: 'json', secret: true },
        { name: 'tokenUrl', label: 'Token URL (optional)' },
        {
          name: 'sendUrl',
          label: 'Send URL',
          placeholder: 'https://fcm.googleapis.com/v1/projects/{project}/messages:send',
        },
      ],
    },
    {
      id: 'http',
      label: 'HTTP',
      fields: [
        { name: 'url', label: 'URL' },
        { name: 'headers', label: 'Headers (JSON)', kind: 'json', secret: true },
      ],
    },
  ],
};

interface Field {
  name: string;
  label: string;
  kind?: 'text' | 'number' | 'boolean' | 'json';
  placeholder?: string;
  secret?: boolean;
}

const TITLES: Record<ChannelName, string> = { email: 'Email', sms: 'SMS', push: 'Push' };
const TEST_TARGET: Record<ChannelName, string> = {
  email: 'you@example.com',
  sms: '+15550100',
  push: 'a device token',
};

/** Settings > Channels: providers per channel, then guardrails and suppressed addresses. */
export function ChannelsSettings() {
  const channels = useQuery(channelQueries.channels());
  if (channels.isPending) return <Loading what="channels" />;
  if (channels.isError) return <ErrorNotice error={channels.error} onRetry={() => channels.refetch()} />;
  return (
    <>
      {(['email', 'sms', 'push'] as const).map((channel) => (
        <ChannelCard key={channel} channel={channel} stored={channels.data[channel]} />
      ))}
      <GuardrailsSettings />
      <SuppressionsList />
    </>
  );
}

function read(settings: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], settings);
}

function write(settings: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  if (rest.length === 0) return { ...settings, [head]: value };
  const inner = (settings[head] as Record<string, unknown> | null) ?? {};
  return { ...settings, [head]: write(inner, rest.join('.'), value) };
}

function ChannelCard({ channel, stored }: { channel: ChannelName; stored: ChannelSettings | null }) {
  const providers = PROVIDERS[channel];
  const [draft, setDraft] = useState<Record<string, unknown>>(stored ?? { provider: providers[0]!.id });
  const [jsonText, setJsonText] = useState<Record<string, string>>({});
  const [to, setTo] = useState('');
  const save = useSaveChannel();
  const canChange = useCan('settings:write');
  const test = useTestChannel();
  const toast = useToast();
  useEffect(() => {
    if (stored) setDraft(stored);
  }, [stored]);
  const provider = providers.find((p) => p.id === draft.provider) ?? providers[0]!;

  const submit = () => {
    let settings: Record<string, unknown> = { ...draft, provider: provider.id };
    for (const field of provider.fields) {
      if (field.kind !== 'json' || jsonText[field.name] === undefined) continue;
      try {
        settings = write(settings, field.name, JSON.parse(jsonText[field.name] || '{}'));
      } catch {
        toast.error(new Error(`${field.label}: this is not valid JSON.`));
        return;
      }
    }
    if (channel === 'email' && !read(settings, 'auth.user')) settings.auth = null;
    for (const key of ['replyTo', 'tokenUrl']) if (settings[key] === '') settings[key] = null;
    save.mutate(
      { channel, settings: settings as ChannelSettings },
      { onSuccess: () => toast.show(`${TITLES[channel]} provider saved.`, 'success'), onError: toast.error },
    );
  };

  return (
    <section className="card" aria-labelledby={`${channel}-heading`} data-testid={`channel-${channel}`}>
      <h2 id={`${channel}-heading`}>{TITLES[channel]}</h2>
      <p className="muted">
        {stored
          ? `Sending through ${provider.label}.`
          : 'No provider yet: messages on this channel are stored, not sent.'}{' '}
        Secrets are encrypted at rest and shown as •••• with their last four characters; leave them so to keep
        them.
      </p>
      <label className="field">
        <span>Provider</span>
        <select
          className="input"
          value={provider.id}
          onChange={(e) => setDraft({ provider: e.target.value })}
        >
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {provider.fields.map((field) => {
        const value = read(draft, field.name);
        if (field.kind === 'boolean') {
          return (
            <label key={field.name} className="field field-inline">
              <input
                type="checkbox"
                checked={value === true}
                onChange={(e) => setDraft(write(draft, field.name, e.target.checked))}
              />
              <span>{field.label}</span>
            </label>
          );
        }
        if (field.kind === 'json') {
          return (
            <label key={field.name} className="field">
              <span>{field.label}</span>
              <textarea
                className="input mono"
                rows={4}
                value={jsonText[field.name] ?? (value === undefined ? '' : JSON.stringify(value, null, 2))}
                onChange={(e) => setJsonText({ ...jsonText, [field.name]: e.target.value })}
              />
            </label>
          );
        }
        return (
          <label key={field.name} className="field">
            <span>{field.label}</span>
            <input
              className="input"
              type={field.kind === 'number' ? 'number' : field.secret ? 'password' : 'text'}
              placeholder={field.placeholder}
              value={value === undefined || value === null ? '' : String(value)}
              onChange={(e) =>
                setDraft(
                  write(draft, field.name, field.kind === 'number' ? Number(e.target.value) : e.target.value),
                )
              }
            />
          </label>
        );
      })}
      <div className="button-row">
        {canChange && (
          <button type="button" className="button button-primary" disabled={save.isPending} onClick={submit}>
            Save
          </button>
        )}
        <span className="push-right" />
        <input
          className="input"
          aria-label={`Send a test ${TITLES[channel]} to`}
          placeholder={TEST_TARGET[channel]}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          disabled={!stored}
        />
        <button
          type="button"
          className="button"
          disabled={!stored || !to.trim() || test.isPending}
          onClick={() => test.mutate({ channel, to: to.trim() }, { onError: toast.error })}
        >
          Send test
        </button>
      </div>
      {test.data && (
        <p
          className={test.data.ok ? 'notice notice-success' : 'notice notice-error'}
          data-testid={`test-verdict-${channel}`}
        >
          {test.data.ok
            ? `Accepted by the provider (${test.data.providerMessageId || 'no id'}).`
            : `Refused: ${test.data.error}${test.data.retry ? ' (temporary; try again later)' : ''}`}
        </p>
      )}
    </section>
  );
}
