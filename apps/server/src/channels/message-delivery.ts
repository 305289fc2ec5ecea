import type { Database, ProviderChannel } from '@stagecraft/db';
import { resolveZone } from '@stagecraft/engine';
import type { DeliverySpec } from '@stagecraft/sdk';
import type { ClaimedMessage } from '../runtime/rows';
import type { ChannelProvider, OutboundMessage } from '../runtime/types';
import { DeliveryError } from '../runtime/webhook-channel';
import { CONSENT_TRAITS, consentStatus } from './consent';
import type { ProviderDirectory } from './directory';
import { buildEmail, senderDomain } from './email-content';
import { type Guardrails, GuardrailsSchema, NO_GUARDRAILS } from './guardrail-settings';
import { capLookbackMs, capReached, quietHoursEnd } from './guardrails';
import { LINK_PATHS, type LinkSigner } from './links';

/** A message not handed to a provider: kept back for good, or until `until`. */
export type Verdict =
  | { kind: 'skip'; status: 'skipped' | 'no_provider' | 'no_address'; reason: string }
  | { kind: 'defer'; until: number; reason: string };

/** What came of handing a message to its provider. */
export type SendOutcome =
  | { kind: 'sent'; providerMessageId: string; address: string | null }
  | {
      kind: 'error';
      error: string;
      retry: boolean;
      status: number | null;
      suppress: boolean;
      address: string | null;
    };

export interface MessageDeliveryDeps {
  database: Database;
  providers: ProviderDirectory;
  links: () => Promise<LinkSigner>;
  /** Base of the links in messages, e.g. https://stagecraft.example.com. */
  publicUrl: string;
  now: () => number;
}

/** The profile traits each channel sends to when the node names no recipient. */
const ADDRESS_NAMES: Record<string, string> = { email: 'email', sms: 'phone', push: 'device token' };

/**
 * Delivers one claimed channel message: finds the provider (a fixed one, else the workspace's),
 * the address (push: the latest `context.device.token`), checks the guardrails, builds the
 * email's parts and links, and sends. Never throws.
 */
export async function deliverChannelMessage(
  deps: MessageDeliveryDeps,
  m: ClaimedMessage,
  fixed: ChannelProvider | undefined,
): Promise<Verdict | SendOutcome> {
  try {
    const channel = m.channel ?? '';
    const provider =
      fixed ??
      (channel === 'webhook'
        ? null
        : await deps.providers.provider(m.workspaceId, channel as ProviderChannel));
    if (!provider) {
      return {
        kind: 'skip',
        status: 'no_provider',
        reason: `no ${channel} provider is configured; the message was stored, not sent`,
      };
    }
    const to = m.to ?? (channel === 'push' ? await deviceToken(deps.database, m) : null);
    if (channel !== 'webhook' && !to) {
      return {
        kind: 'skip',
        status: 'no_address',
        reason: `the customer has no ${ADDRESS_NAMES[channel] ?? 'address'}`,
      };
    }
    const delivery = ((m.request as { delivery?: DeliverySpec } | null)?.delivery ?? {}) as DeliverySpec;
    if (channel !== 'webhook') {
      const verdict = await checkGuardrails(deps, m, channel as ProviderChannel, to as string, delivery);
      if (verdict) return verdict;
    }
    const message = await outbound(deps, m, to, provider, delivery);
    try {
      const { providerMessageId } = await provider.send(message);
      return { kind: 'sent', providerMessageId, address: to };
    } catch (error) {
      const e = error instanceof DeliveryError ? error : null;
      return {
        kind: 'error',
        error: error instanceof Error ? error.message : String(error),
        retry: e ? e.retry : true,
        status: e?.details.status ?? null,
        suppress: e?.details.suppress ?? false,
        address: to,
      };
    }
  } catch (error) {
    return {
      kind: 'error',
      error: error instanceof Error ? error.message : String(error),
      retry: true,
      status: null,
      suppress: false,
      address: m.to,
    };
  }
}

/** The message as its provider gets it: email with its parts, headers and tracked links. */
async function outbound(
  deps: MessageDeliveryDeps,
  m: ClaimedMessage,
  to: string | null,
  provider: ChannelProvider,
  delivery: DeliverySpec,
): Promise<OutboundMessage> {
  const message: OutboundMessage = {
    id: m.id,
    idempotencyKey: m.idempotencyKey,
    workspaceId: m.workspaceId,
    customerId: m.customerId,
    journeyId: m.journeyId,
    channel: m.channel as OutboundMessage['channel'],
    name: m.name,
    to,
    subject: m.subject,
    body: m.body ?? '',
    url: m.url,
  };
  if (m.channel === 'webhook') return message;
  const signer = await deps.links();
  const identity = { w: m.workspaceId, c: m.customerId, m: m.id, ch: m.channel ?? '' };
  const token = signer.sign(identity);
  if (m.channel !== 'email') {
    message.statusCallbackUrl = `${deps.publicUrl}${LINK_PATHS.status}${token}`;
    return message;
  }
  const parts = m.request as { preheader?: string; text?: string } | null;
  message.email = buildEmail({
    body: m.body ?? '',
    preheader: parts?.preheader ?? null,
    text: parts?.text ?? null,
    marketing: delivery.category !== 'transactional',
    trackOpens: delivery.trackOpens ?? true,
    trackClicks: delivery.trackClicks ?? true,
    id: m.id,
    domain: senderDomain(provider.sender ?? 'localhost'),
    links: {
      unsubscribe: `${deps.publicUrl}${LINK_PATHS.unsubscribe}${token}`,
      open: `${deps.publicUrl}${LINK_PATHS.open}${token}`,
      click: (url) => `${deps.publicUrl}${LINK_PATHS.click}${signer.sign({ ...identity, u: url })}`,
    },
  });
  return message;
}

/** The latest device token the customer's events carried (Segment's `context.device.token`). */
async function deviceToken(database: Database, m: ClaimedMessage): Promise<string | null> {
  const { rows } = await database.sql.executeSql(
    `select context->'device'->>'token' as token from events
     where workspace_id = $1 and customer_id = $2 and context->'device'->>'token' is not null
     order by seq desc limit 1`,
    [m.workspaceId, m.customerId],
  );
  const token = rows[0]?.token;
  return typeof token === 'string' && token !== '' ? token : null;
}

/**
 * The guardrails, checked under the customer's lock so two processes sending to one customer
 * count each other's sends: a suppressed address (every message), then for marketing messages
 * consent, quiet hours and frequency caps, then the provider's send rate (every message). A
 * message that passes is marked cleared, which frequency caps count from then on.
 */
async function checkGuardrails(
  deps: MessageDeliveryDeps,
  m: ClaimedMessage,
  channel: ProviderChannel,
  to: string,
  delivery: DeliverySpec,
): Promise<Verdict | null> {
  const marketing = delivery.category !== 'transactional';
  return deps.database.transaction(async (tx) => {
    const now = deps.now();
    await tx.sql.executeSql(`select pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))`, [
      m.workspaceId,
      m.customerId,
    ]);
    const { rows } = await tx.sql.executeSql(
      `select c.traits, c.time_zone, w.time_zone as workspace_zone, g.settings,
         (select s.reason from suppressions s where s.workspace_id = w.id and s.channel = $3 and s.address = $4) as suppressed
       from workspaces w
       left join customers c on c.workspace_id = w.id and c.customer_id = $2
       left join workspace_guardrails g on g.workspace_id = w.id
       where w.id = $1`,
      [m.workspaceId, m.customerId, channel, to],
    );
    const row = rows[0] ?? {};
    if (typeof row.suppressed === 'string') {
      return skip(
        `the address is suppressed on ${channel} (${row.suppressed}); an admin can remove it under Settings > Channels`,
      );
    }
    const settings = readGuardrails(row.settings);
    const zone = resolveZone(row.time_zone as string | null, row.workspace_zone as string | null);
    if (marketing) {
      const traits = (row.traits ?? {}) as Record<string, unknown>;
      if (consentStatus(traits[CONSENT_TRAITS[channel]]) === 'unsubscribed') {
        return skip(`the customer unsubscribed from ${channel} (marketing messages)`);
      }
      const quiet = settings.quietHours[channel];
      const quietEnd = quiet ? quietHoursEnd(now, zone, quiet) : null;
      if (quietEnd !== null) {
        return defer(quietEnd, `quiet hours ${quiet?.start}–${quiet?.end} in ${zone}`);
      }
      const caps = settings.frequencyCaps[channel];
      if (caps.length > 0) {
        const { rows: sends } = await tx.sql.executeSql(
          `select extract(epoch from coalesce(sent_at, cleared_at)) * 1000 as at from messages
           where workspace_id = $1 and customer_id = $2 and channel = $3 and id <> $4
             and status in ('sending', 'sent') and cleared_at is not null and cleared_at >= $5
             and coalesce(request->'delivery'->>'category', 'marketing') = 'marketing'`,
          [m.workspaceId, m.customerId, channel, m.id, new Date(now - capLookbackMs(caps)).toISOString()],
        );
        const reached = capReached(
          now,
          zone,
          caps,
          sends.map((s) => Number(s.at)),
        );
        if (reached) {
          const reason = `frequency cap: at most ${reached.cap} on ${channel}`;
          if (delivery.capAction === 'defer') return defer(reached.until, reason);
          return skip(reason);
        }
      }
    }
    const rate = settings.sendRates[channel];
    if (rate !== null) {
      const second = Math.floor(now / 1000);
      const { rows: taken } = await tx.sql.executeSql(
        `insert into send_rate_windows as r (workspace_id, channel, second, sent) values ($1, $2, $3, 1)
         on conflict (workspace_id, channel, second) do update set sent = r.sent + 1 where r.sent < $4
         returning r.sent`,
        [m.workspaceId, channel, second, rate],
      );
      if (taken.length === 0) {
        // Spread over the next second, so the deferred do not all come back at its first instant.
        return defer(
          (second + 1) * 1000 + Math.floor(Math.random() * 1000),
          `send rate: at most ${rate} per second on ${channel}`,
        );
      }
      if (Number(taken[0]?.sent) === 1) {
        await tx.sql.executeSql(
          'delete from send_rate_windows where workspace_id = $1 and channel = $2 and second < $3',
          [m.workspaceId, channel, second - 60],
        );
      }
    }
    await tx.sql.executeSql(
      'update messages set cleared_at = $4 where workspace_id = $1 and customer_id = $2 and id = $3',
      [m.workspaceId, m.customerId, m.id, new Date(now).toISOString()],
    );
    return null;
  });
}

function readGuardrails(stored: unknown): Guardrails {
  if (!stored) return NO_GUARDRAILS;
  const parsed = GuardrailsSchema.safeParse(stored);
  return parsed.success ? parsed.data : NO_GUARDRAILS;
}

const skip = (reason: string): Verdict => ({ kind: 'skip', status: 'skipped', reason });
const defer = (until: number, reason: string): Verdict => ({ kind: 'defer', until, reason });
