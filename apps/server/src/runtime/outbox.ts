import type { CompiledJourney } from '@stagecraft/compiler';
import type { Effect } from '@stagecraft/engine';
import type { OutboxRow } from './changes';
import type { CustomerRecord, RunRecord } from './customer-state';
import type { PluginRequest } from './plugin-step';

type OutboundEffect = Extract<Effect, { type: 'send' | 'http' | 'plugin' }>;

/** The profile trait each channel sends to when the node names no recipient. */
const RECIPIENT_TRAIT: Record<string, string[]> = {
  email: ['email'],
  sms: ['phone', 'phone_number'],
  push: ['push_token', 'device_token'],
};

/**
 * Turns an outbound effect into an outbox row. Messages are stored rendered (the engine renders
 * templates) and queued; one on a channel the workspace has no provider for is written as
 * `no_provider` when the row is committed (commitChanges), and delivery checks again for a
 * provider removed in between. Never reported as sent.
 */
export function outboxRow(
  customer: CustomerRecord,
  run: RunRecord,
  journey: CompiledJourney,
  effect: OutboundEffect,
  now: number,
): OutboxRow {
  const fields = outboundFields(customer, journey, effect);
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
  journey: CompiledJourney,
  effect: OutboundEffect,
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
    if (effect.retry) request.retry = effect.retry;
    if (effect.onFailure) request.onFailure = effect.onFailure;
    return {
      kind: 'http',
      channel: null,
      name: null,
      to: null,
      subject: null,
      body: effect.body,
      url: effect.url,
      request: request as unknown as Record<string, unknown>,
      status: 'queued',
      lastError: null,
    };
  }
  if (effect.type === 'plugin') {
    const request: PluginRequest = {
      nodeType: effect.nodeType,
      nodeTypeVersion: effect.nodeTypeVersion,
      params: effect.params,
      event: effect.event,
      outputs: effect.outputs,
      ports: Object.keys(journey.nodes[effect.nodeId]?.ports ?? {}),
    };
    if (effect.retry) request.retry = effect.retry;
    if (effect.onFailure) request.onFailure = effect.onFailure;
    return {
      kind: 'plugin',
      channel: null,
      name: effect.nodeType,
      to: null,
      subject: null,
      body: null,
      url: null,
      request: { ...request },
      status: 'queued',
      lastError: null,
    };
  }
  const to = effect.to ?? recipient(customer, effect.channel);
  const { status, lastError } = messageStatus(effect, to);
  return {
    kind: 'message',
    channel: effect.channel,
    name: effect.messageName,
    to,
    subject: effect.subject,
    body: effect.body,
    url: effect.url,
    request: messageRequest(effect),
    status,
    lastError,
  };
}

/** A message's delivery choices and email parts, kept for its delivery; null when it has none. */
function messageRequest(effect: Extract<OutboundEffect, { type: 'send' }>): Record<string, unknown> | null {
  if (!effect.delivery && !effect.preheader && !effect.text) return null;
  const request: Record<string, unknown> = {};
  if (effect.delivery) request.delivery = effect.delivery;
  if (effect.preheader) request.preheader = effect.preheader;
  if (effect.text) request.text = effect.text;
  return request;
}

/**
 * A message whose rendered URL or body was refused is stored but not sent, as is one without
 * an address (a push message finds its device token at delivery, from the customer's events).
 */
function messageStatus(
  effect: Extract<OutboundEffect, { type: 'send' }>,
  to: string | null,
): Pick<OutboxRow, 'status' | 'lastError'> {
  if (effect.refused) return { status: 'dead', lastError: effect.refused };
  if (effect.channel === 'webhook' && !effect.url) {
    return { status: 'dead', lastError: 'not sent: the webhook has no url' };
  }
  if (!to && (effect.channel === 'email' || effect.channel === 'sms')) {
    return {
      status: 'no_address',
      lastError: `not sent: the profile has no ${RECIPIENT_TRAIT[effect.channel]?.[0]}`,
    };
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
