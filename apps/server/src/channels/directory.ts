import type { ProviderChannel } from '@stagecraft/db';
import type { AllowList, GuardedFetch } from '../outbound/index';
import type { SigningSecrets } from '../runtime/signature';
import type { ChannelProvider } from '../runtime/types';
import { fcmProvider } from './fcm';
import { httpProvider } from './http-provider';
import type { ProviderSettings } from './settings';
import { smtpProvider } from './smtp';
import type { ChannelStore } from './store';
import { twilioProvider } from './twilio';

/** What building a provider needs. */
export interface ProviderDeps {
  fetch: GuardedFetch;
  allow: AllowList;
  secrets: (workspaceId: string) => Promise<SigningSecrets>;
  now: () => number;
  timeoutMs: number;
}

/** A provider for settings of one channel. */
export function buildProvider(
  channel: ProviderChannel,
  settings: ProviderSettings,
  deps: ProviderDeps,
): ChannelProvider & { close?: () => void } {
  switch (settings.provider) {
    case 'smtp':
      return smtpProvider(settings, deps.allow, deps.timeoutMs);
    case 'twilio':
      return twilioProvider(settings, deps.fetch, settings.timeoutMs);
    case 'fcm':
      return fcmProvider(settings, deps.fetch, settings.timeoutMs);
    case 'http':
      return httpProvider(channel === 'email' ? 'sms' : channel, settings, deps, settings.timeoutMs);
  }
}

/** How long a process trusts its copy of a workspace's provider before asking if it changed. */
const RECHECK_MS = 1_000;

/**
 * Each workspace's providers, built once and kept (an SMTP pool stays open between messages).
 * Every second at most, a use asks the database whether the settings changed, so a change made
 * through any process is used by all within a second.
 */
export function createProviderDirectory(store: ChannelStore, deps: ProviderDeps) {
  const known = new Map<
    string,
    {
      provider: (ChannelProvider & { close?: () => void }) | null;
      updatedAt: number | null;
      checkedAt: number;
    }
  >();
  return {
    async provider(workspaceId: string, channel: ProviderChannel): Promise<ChannelProvider | null> {
      const key = `${workspaceId}\u0000${channel}`;
      const entry = known.get(key);
      const now = Date.now();
      if (entry && now - entry.checkedAt < RECHECK_MS) return entry.provider;
      const updatedAt = await store.updatedAt(workspaceId, channel);
      if (entry && entry.updatedAt === updatedAt) {
        entry.checkedAt = now;
        return entry.provider;
      }
      entry?.provider?.close?.();
      const stored = updatedAt === null ? null : await store.get(workspaceId, channel);
      const provider = stored ? buildProvider(channel, stored.settings, deps) : null;
      known.set(key, { provider, updatedAt: stored?.updatedAt ?? null, checkedAt: now });
      return provider;
    },
    /** Closes every kept provider (SMTP pools); the next use builds them again. */
    close(): void {
      for (const entry of known.values()) entry.provider?.close?.();
      known.clear();
    },
  };
}

export type ProviderDirectory = ReturnType<typeof createProviderDirectory>;
