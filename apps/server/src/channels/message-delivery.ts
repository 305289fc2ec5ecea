import type { Database, ProviderChannel, SqlExecutor } from '@stagecraft/db';
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
  /** The List-Unsubscribe mailto's address; null: unsubscribe@ the sender's domain. */
  unsubscribeAddress: string | null;
  now: () => number;
}

/** The profile traits each channel sends to when the node names no recipient. */
const ADDRESS_NAMES: Record<string, string> = { email: 'email', sms: 'phone', push: 'device token' };

/** A channel message ready to send once its guardrails allow: its provider, address and choices. */
export interface PreparedMessage {
  m: ClaimedMessage;
  provider: ChannelProvider;
  to: string | null;
  delivery: DeliverySpec;
}

/**
 * Finds a claimed channel message's provider (a fixed one, else the workspace's) and address
 * (push: the latest `context.device.token`); a verdict when it has neither. Never throws.
 */
export async function prepareChannelMessage(
  deps: MessageDeliveryDeps,
  m: ClaimedMessage,
  fixed: ChannelProvider | undefined,
): Promise<PreparedMessage | Verdict | SendOutcome> {
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
    const delivery = (m.request as { delivery?: DeliverySpec } | null)?.delivery ?? {};
    return { m, provider, to, delivery };
  } catch (error) {
    return failure(error, m.to);
  }
}

/** Builds the message (email parts, links) and hands it to its provider. Never throws. */
export async function sendPrepared(
  deps: MessageDeliveryDeps,
  prepared: PreparedMessage,
): Promise<SendOutcome> {
  const { m, provider, to, delivery } = prepared;
  try {
    const message = await outbound(deps, m, to, provider, delivery);
    const { providerMessageId } = await provider.send(message);
    return { kind: 'sent', providerMessageId, address: to };
  } catch (error) {
    return failure(error, to);
  }
}

function failure(error: unknown, address: string | null): SendOutcome {
  const e = error instanceof DeliveryError ? error : null;
  return {
    kind: 'error',
    error: error instanceof Error ? error.message : String(error),
    retry: e ? e.retry : true,
    status: e?.details.status ?? null,
    suppress: e?.details.suppress ?? false,
    address,
  };
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
    unsubscribeAddress: deps.unsubscribeAddress,
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
 * The guardrails of a batch of messages, checked in one transaction under their customers' locks
 * so that every process sending to a customer counts the others' sends: a suppressed address
 * (every message), then for marketing messages consent, quiet hours and frequency caps, then the
 * provider's send rate (every message). Messages of one customer in the batch count each other
 * in order. Those that pass are marked cleared, which frequency caps count from then on.
 */
export async function checkGuardrails(
  deps: MessageDeliveryDeps,
  batch: readonly PreparedMessage[],
): Promise<(Verdict | null)[]> {
  if (batch.length === 0) return [];
  return deps.database.transaction(async (tx) => {
    const now = deps.now();
    const keys = batch.map((p, i) => ({
      i,
      w: p.m.workspaceId,
      c: p.m.customerId,
      ch: p.m.channel,
      a: p.to,
    }));
    await tx.sql.executeSql(
      `select pg_advisory_xact_lock(l.key) from (
         select distinct hashtextextended(k.w || '/' || k.c, 0) as key
         from json_to_recordset($1::json) as k(w text, c text) order by 1
       ) l`,
      [JSON.stringify(keys)],
    );
    const { rows } = await tx.sql.executeSql(
      `select k.i, c.traits, c.time_zone, w.time_zone as workspace_zone, g.settings, s.reason as suppressed
       from json_to_recordset($1::json) as k(i int, w text, c text, ch text, a text)
       left join workspaces w on w.id = k.w
       left join customers c on c.workspace_id = k.w and c.customer_id = k.c
       left join workspace_guardrails g on g.workspace_id = k.w
       left join suppressions s on s.workspace_id = k.w and s.channel = k.ch and s.address = k.a`,
      [JSON.stringify(keys)],
    );
    const found = new Map(rows.map((r) => [Number(r.i), r]));
    const facts = batch.map((p, i) => {
      const row = found.get(i) ?? {};
      return {
        p,
        channel: p.m.channel as ProviderChannel,
        marketing: p.delivery.category !== 'transactional',
        traits: (row.traits ?? {}) as Record<string, unknown>,
        zone: resolveZone(row.time_zone as string | null, row.workspace_zone as string | null),
        settings: readGuardrails(row.settings),
        suppressed: typeof row.suppressed === 'string' ? row.suppressed : null,
      };
    });
    const sends = await earlierSends(tx.sql, facts, batch, now);
    const verdicts: (Verdict | null)[] = facts.map((f) => {
      if (f.suppressed) {
        return skip(`the address is suppressed on ${f.channel} (${f.suppressed}); an admin can remove it`);
      }
      if (!f.marketing) return null;
      if (consentStatus(f.traits[CONSENT_TRAITS[f.channel]]) === 'unsubscribed') {
        return skip(`the customer unsubscribed from ${f.channel} (marketing messages)`);
      }
      const quiet = f.settings.quietHours[f.channel];
      const quietEnd = quiet ? quietHoursEnd(now, f.zone, quiet) : null;
      if (quiet && quietEnd !== null)
        return defer(quietEnd, `quiet hours ${quiet.start}–${quiet.end} in ${f.zone}`);
      const caps = f.settings.frequencyCaps[f.channel];
      if (caps.length === 0) return null;
      const earlier = sends.get(sendsKey(f.p.m.workspaceId, f.p.m.customerId, f.channel)) ?? [];
      const reached = capReached(now, f.zone, caps, earlier);
      if (reached) {
        const reason = `frequency cap: at most ${reached.cap} on ${f.channel}`;
        return f.p.delivery.capAction === 'defer' ? defer(reached.until, reason) : skip(reason);
      }
      earlier.push(now);
      return null;
    });
    await applySendRates(tx.sql, facts, verdicts, now);
    const cleared = batch
      .filter((_, i) => verdicts[i] === null)
      .map((p) => ({ w: p.m.workspaceId, c: p.m.customerId, id: p.m.id }));
    if (cleared.length > 0) {
      await tx.sql.executeSql(
        `update messages m set cleared_at = $2 from json_to_recordset($1::json) as k(w text, c text, id text)
         where m.workspace_id = k.w and m.customer_id = k.c and m.id = k.id`,
        [JSON.stringify(cleared), new Date(now).toISOString()],
      );
    }
    return verdicts;
  });
}

const sendsKey = (w: string, c: string, channel: string) => `${w}\u0000${c}\u0000${channel}`;

/** Earlier cleared or sent marketing messages of the customers whose caps apply, by customer and channel. */
async function earlierSends(
  sql: SqlExecutor,
  facts: { p: PreparedMessage; channel: ProviderChannel; marketing: boolean; settings: Guardrails }[],
  batch: readonly PreparedMessage[],
  now: number,
): Promise<Map<string, number[]>> {
  const wanted = new Map<string, { w: string; c: string; ch: string; since: string }>();
  for (const f of facts) {
    const caps = f.settings.frequencyCaps[f.channel];
    if (!f.marketing || caps.length === 0) continue;
    const key = sendsKey(f.p.m.workspaceId, f.p.m.customerId, f.channel);
    const since = new Date(now - capLookbackMs(caps)).toISOString();
    const before = wanted.get(key);
    if (!before || since < before.since)
      wanted.set(key, { w: f.p.m.workspaceId, c: f.p.m.customerId, ch: f.channel, since });
  }
  const sends = new Map<string, number[]>();
  if (wanted.size === 0) return sends;
  const { rows } = await sql.executeSql(
    `select m.workspace_id, m.customer_id, m.channel, extract(epoch from coalesce(m.sent_at, m.cleared_at)) * 1000 as at
     from json_to_recordset($1::json) as k(w text, c text, ch text, since timestamptz)
     join messages m on m.workspace_id = k.w and m.customer_id = k.c and m.channel = k.ch
     where m.status in ('sending', 'sent') and m.cleared_at is not null and m.cleared_at >= k.since
       and coalesce(m.request->'delivery'->>'category', 'marketing') = 'marketing'
       and not (m.id = any($2::text[]))`,
    [JSON.stringify([...wanted.values()]), batch.map((p) => p.m.id)],
  );
  for (const r of rows) {
    const key = sendsKey(String(r.workspace_id), String(r.customer_id), String(r.channel));
    const list = sends.get(key) ?? [];
    list.push(Number(r.at));
    sends.set(key, list);
  }
  return sends;
}

/**
 * Send rates: each workspace and channel with a limit gets what is left of this second's
 * allowance, counted in the database so every process shares it; the rest of the batch waits
 * for the next second.
 */
async function applySendRates(
  sql: SqlExecutor,
  facts: { p: PreparedMessage; channel: ProviderChannel; settings: Guardrails }[],
  verdicts: (Verdict | null)[],
  now: number,
) {
  const groups = new Map<string, { w: string; ch: ProviderChannel; rate: number; members: number[] }>();
  facts.forEach((f, i) => {
    const rate = f.settings.sendRates[f.channel];
    if (verdicts[i] !== null || rate === null) return;
    const key = `${f.p.m.workspaceId}\u0000${f.channel}`;
    const group = groups.get(key) ?? { w: f.p.m.workspaceId, ch: f.channel, rate, members: [] };
    group.members.push(i);
    groups.set(key, group);
  });
  const second = Math.floor(now / 1000);
  for (const { w, ch, rate, members } of groups.values()) {
    const { rows: fresh } = await sql.executeSql(
      `insert into send_rate_windows (workspace_id, channel, second, sent) values ($1, $2, $3, 0)
       on conflict (workspace_id, channel, second) do nothing returning sent`,
      [w, ch, second],
    );
    if (fresh.length > 0) {
      await sql.executeSql(
        'delete from send_rate_windows where workspace_id = $1 and channel = $2 and second < $3',
        [w, ch, second - 60],
      );
    }
    const { rows } = await sql.executeSql(
      'select sent from send_rate_windows where workspace_id = $1 and channel = $2 and second = $3 for update',
      [w, ch, second],
    );
    const granted = Math.max(0, Math.min(members.length, rate - Number(rows[0]?.sent ?? 0)));
    if (granted > 0) {
      await sql.executeSql(
        'update send_rate_windows set sent = sent + $4 where workspace_id = $1 and channel = $2 and second = $3',
        [w, ch, second, granted],
      );
    }
    for (const i of members.slice(granted)) {
      // Spread over the next second, so the deferred do not all come back at its first instant.
      verdicts[i] = defer(
        (second + 1) * 1000 + Math.floor(Math.random() * 1000),
        `send rate: at most ${rate} per second on ${ch}`,
      );
    }
  }
}

function readGuardrails(stored: unknown): Guardrails {
  if (!stored) return NO_GUARDRAILS;
  const parsed = GuardrailsSchema.safeParse(stored);
  return parsed.success ? parsed.data : NO_GUARDRAILS;
}

const skip = (reason: string): Verdict => ({ kind: 'skip', status: 'skipped', reason });
const defer = (until: number, reason: string): Verdict => ({ kind: 'defer', until, reason });
