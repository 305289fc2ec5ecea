import type { CompiledJourney } from '@stagecraft/compiler';
import type { Effect } from '@stagecraft/engine';
import type { OutboxRow } from './changes';
import type { CustomerRecord, RunRecord } from './customer-state';

type OutboundEffect = Extract<Effect, { type: 'send' | 'http' | 'plugin' }>;

/** The profile trait each channel sends to when the node names no recipient. */
const RECIPIENT_TRAIT: Record<string, string[]> = {
  email: ['email'],
  sms: ['phone', 'phone_number'],
  push: ['push_token', 'device_token'],
};

/**
 * Turns an outbound effect into an outbox row. Messages are stored rendered (the engine renders
 * templates); a channel without a provider is stored as `no_provider`, never reported as sent.
 */
export function outboxRow(
  customer: CustomerRecord,
  run: RunRecord,
  journey: CompiledJourney,
  effect: OutboundEffect,
  channels: ReadonlySet<string>,
  now: number,
): OutboxRow {
  const fields = outboundFields(customer, effect, channels);
  // One literal rather than spreads: on Node 20 each property added after a spread costs about a
  // microsecond, and this runs for every message.
  return {
    workspaceId: customer.workspaceId,
    customerId: customer.customerId,
    id: effect.key,
    runId: run.id,
    journeyId: journey.journeyId,
    version: journey.version,
    nodeId: effect.nodeId,
    visit: effect.visit,
    at: now,
    kind: fields.kind,
    channel: fields.channel,
    name: fields.name,
    to: fields.to,
    subject: fields.subject,
    body: fields.body,
    url: fields.url,
    request: fields.request,
    status: fields.status,
    lastError: fields.lastError,
  };
}

type OutboundFields = Pick<
  OutboxRow,
  'kind' | 'channel' | 'name' | 'to' | 'subject' | 'body' | 'url' | 'request' | 'status' | 'lastError'
>;

/** What an outbox row holds for each kind of effect, and the status it starts in. */
function outboundFields(
  customer: CustomerRecord,
  effect: OutboundEffect,
  channels: ReadonlySet<string>,
): OutboundFields {
  if (effect.type === 'http') {
    const request: Record<string, unknown> = {
      method: effect.method,
      headers: effect.headers,
      body: effect.body,
      timeoutMs: effect.timeoutMs,
    };
    // A refused request is still queued: its delivery fails it without calling out, and the
    // run takes its failure path with the reason.
    if (effect.refused) request.refused = effect.refused;
    return {
      kind: 'http',
      channel: null,
      name: null,
      to: null,
      subject: null,
      body: effect.body,
      url: effect.url,
      request,
      status: 'queued',
      lastError: null,
    };
  }
  if (effect.type === 'plugin') {
    const request = {
      nodeType: effect.nodeType,
      nodeTypeVersion: effect.nodeTypeVersion,
      params: effect.params,
    };
    return {
      kind: 'plugin',
      channel: null,
      name: effect.nodeType,
      to: null,
      subject: null,
      body: null,
      url: null,
      request,
      status: 'queued',
      lastError: null,
    };
  }
  const to = effect.to ?? recipient(customer, effect.channel);
  const { status, lastError } = messageStatus(effect, to, channels);
  return {
    kind: 'message',
    channel: effect.channel,
    name: effect.messageName,
    to,
    subject: effect.subject,
    body: effect.body,
    url: effect.url,
    request: null,
    status,
    lastError,
  };
}

/**
 * A message without a provider for its channel, without an address, or whose rendered URL or
 * body was refused, is stored but not sent.
 */
function messageStatus(
  effect: Extract<OutboundEffect, { type: 'send' }>,
  to: string | null,
  channels: ReadonlySet<string>,
): Pick<OutboxRow, 'status' | 'lastError'> {
  if (!channels.has(effect.channel)) {
    return {
      status: 'no_provider',
      lastError: `no ${effect.channel} provider is configured; the message was stored, not sent`,
    };
  }
  if (effect.refused) return { status: 'dead', lastError: effect.refused };
  if (effect.channel === 'webhook' ? !effect.url : !to) {
    const missing =
      effect.channel === 'webhook'
        ? 'the webhook has no url'
        : `the profile has no ${RECIPIENT_TRAIT[effect.channel]?.[0]}`;
    return { status: 'dead', lastError: `not sent: ${missing}` };
  }
  return { status: 'queued', lastError: null };
}

function recipient(customer: CustomerRecord, channel: string): string | null {
  for (const trait of RECIPIENT_TRAIT[channel] ?? []) {
    const value = customer.profile.traits[trait];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}
