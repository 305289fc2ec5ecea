import type { ProviderChannel } from '@stagecraft/db';
import type { AllowList, GuardedFetch } from '../outbound/index';
import type { SigningSecrets } from '../runtime/signature';
import type { ChannelProvider, RuntimeLogger } from '../runtime/types';
import { DeliveryError } from '../runtime/webhook-channel';
import { BUILT_IN_PROVIDERS, type BuiltProvider, type ProviderKinds } from './provider-kinds';
import type { ProviderSettings } from './settings';
import type { ChannelStore } from './store';

/** What building a provider needs. */
export interface ProviderDeps {
  fetch: GuardedFetch;
  allow: AllowList;
  secrets: (workspaceId: string) => Promise<SigningSecrets>;
  now: () => number;
  timeoutMs: number;
  /** The kinds of provider settings can name (default: the built-in ones). */
  kinds?: ProviderKinds;
  /** Where plugin providers' log lines go. */
  log?: RuntimeLogger;
}

/** A provider for settings of one channel, built by the kind of provider they name. */
export function buildProvider(
  channel: ProviderChannel,
  settings: ProviderSettings,
  deps: ProviderDeps,
): BuiltProvider {
  const kind = (deps.kinds ?? BUILT_IN_PROVIDERS).get(settings.provider);
  if (!kind)
    throw new DeliveryError(
      `provider "${settings.provider}" is not installed; choose another one under Settings > Channels`,
      false,
    );
  return kind.build(channel, settings as Record<string, unknown>, deps);
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
