import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';

export type ChannelName = 'email' | 'sms' | 'push';
/** A channel's provider settings as the API shows them: secrets masked as "••••" and their last four. */
export type ChannelSettings = Record<string, unknown> & { provider: string };
export type Channels = Record<ChannelName, ChannelSettings | null>;

/** Quiet hours, frequency caps and send rates per channel (PUT /api/settings/guardrails). */
export interface Guardrails {
  quietHours: Record<ChannelName, { start: string; end: string } | null>;
  frequencyCaps: Record<
    ChannelName,
    ({ max: number; days: number } | { max: number; calendarDays: number })[]
  >;
  sendRates: Record<ChannelName, number | null>;
}

export interface Suppression {
  channel: string;
  address: string;
  reason: string;
  messageId: string | null;
  createdAt: string;
}

export interface TestVerdict {
  ok: boolean;
  providerMessageId?: string;
  error?: string;
  retry?: boolean;
  status?: number | null;
}

const keys = {
  channels: ['settings', 'channels'] as const,
  guardrails: ['settings', 'guardrails'] as const,
  suppressions: ['settings', 'suppressions'] as const,
};

/** Channel providers, guardrails and suppressed addresses. */
export const channelQueries = {
  channels: () =>
    queryOptions({
      queryKey: keys.channels,
      queryFn: ({ signal }) => api<Channels>('/api/settings/channels', { signal }),
    }),
  guardrails: () =>
    queryOptions({
      queryKey: keys.guardrails,
      queryFn: ({ signal }) => api<Guardrails>('/api/settings/guardrails', { signal }),
    }),
  suppressions: () =>
    queryOptions({
      queryKey: keys.suppressions,
      queryFn: ({ signal }) => api<{ suppressions: Suppression[] }>('/api/suppressions', { signal }),
      select: (data) => data.suppressions,
    }),
};

export function useSaveChannel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ channel, settings }: { channel: ChannelName; settings: ChannelSettings }) =>
      api<ChannelSettings>(`/api/settings/channels/${channel}`, { method: 'PUT', body: settings }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.channels }),
  });
}

export function useTestChannel() {
  return useMutation({
    mutationFn: ({ channel, to }: { channel: ChannelName; to: string }) =>
      api<TestVerdict>(`/api/settings/channels/${channel}/test`, { method: 'POST', body: { to } }),
  });
}

export function useSaveGuardrails() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (guardrails: Guardrails) =>
      api<Guardrails>('/api/settings/guardrails', { method: 'PUT', body: guardrails }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.guardrails }),
  });
}

export function useRemoveSuppression() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (s: Pick<Suppression, 'channel' | 'address'>) =>
      api<null>(`/api/suppressions/${s.channel}/${encodeURIComponent(s.address)}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.suppressions }),
  });
}
