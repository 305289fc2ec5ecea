import type { Database } from '@stagecraft/db';
import type { NodeRegistry } from '@stagecraft/sdk';
import type { MessageDeliveryDeps } from '../channels/message-delivery';
import type { GuardedFetch } from '../outbound/index';
import type { JourneyCatalog } from './catalog';
import type { InFlight } from './in-flight';
import type { PluginRuntime } from './plugin-step';
import type { SigningSecrets } from './signature';
import type { ChannelProvider, DeliveryOptions, RuntimeLogger } from './types';

/** What every part of the runtime shares. */
export interface RuntimeContext {
  database: Database;
  catalog: JourneyCatalog;
  registry: NodeRegistry;
  log: RuntimeLogger;
  now: () => number;
  /**
   * The test clock this context runs on, or null for real time. A clock's context takes only its
   * customers' events and jobs (and real time takes none of them), and counts nothing in the
   * journey counters.
   */
  clockId: string | null;
  /** The secrets that sign a workspace's outbound requests. */
  signingSecrets: (workspaceId: string) => Promise<SigningSecrets>;
  /** The one fetch for outbound requests: refuses internal addresses unless allow-listed. */
  fetch: GuardedFetch;
  delivery: DeliveryOptions;
  /** Fixed providers by channel, the built-in webhook channel included; others come from each workspace's settings. */
  channels: Map<string, ChannelProvider>;
  /** What channel messages need: the workspaces' providers, link signing, the public URL. */
  messageDelivery: MessageDeliveryDeps;
  /** The installed plugins, their settings and time budgets. */
  plugins: PluginRuntime;
  /** Plugin steps under way in this process (shared with test clocks' contexts). */
  inFlight: InFlight;
  /** Tells this process's workers there is new work, so they do not wait for their next poll. */
  wake: (worker: 'events' | 'timers' | 'deliveries') => void;
}
