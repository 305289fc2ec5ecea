import {
  applyProfileChange,
  type CompiledJourney,
  type RunData,
  type StepOutput,
} from '@stagecraft/compiler';
import {
  headerValue,
  type RuleScope,
  renderBodyTemplate,
  renderHtmlTemplate,
  renderTemplate,
  renderUrlTemplate,
  TemplateError,
} from '@stagecraft/graph';
import type { ActionSpec } from '@stagecraft/sdk';
import { timerFireAt } from './timers';
import type { Effect, Profile } from './types';

/** Who the effects are for. */
export interface RunIdentity {
  runId: string;
  customerId: string;
  journeyId: string;
}

/** Effects of one step, and the fire time of a timer it scheduled (if it scheduled one). */
export interface Translated {
  effects: Effect[];
  scheduledAt: number | null;
}

/**
 * Turns what a step did into effects with idempotency keys `(run, node, visit, what)`.
 * Templates are rendered and timers placed against the profile as the step's own actions
 * leave it, so "update profile, then send" personalises with the new values.
 */
export function translateOutputs(
  journey: CompiledJourney,
  run: RunIdentity,
  outputs: readonly StepOutput[],
  profile: Profile,
  data: RunData,
  now: number,
): Translated {
  const effects: Effect[] = [];
  let scheduledAt: number | null = null;
  let current = profile;
  for (const output of outputs) {
    const { nodeId, visit } = output;
    switch (output.kind) {
      case 'entered':
      case 'left':
      case 'ended': {
        const kind = output.kind === 'ended' ? output.end : output.kind;
        const port = output.kind === 'left' ? output.port : null;
        const record: Extract<EffectFields, { type: 'step' }> = { type: 'step', kind, port, at: now };
        if (output.kind === 'ended' && output.event !== undefined) record.event = output.event;
        effects.push(effect(run, nodeId, visit, kind, record));
        break;
      }
      case 'stage':
        effects.push(
          effect(run, nodeId, visit, 'stage', {
            type: 'set-stage',
            stage: output.stage,
            previousStage: current.stage,
          }),
        );
        current = applyProfileChange(current, { type: 'set-stage', stage: output.stage });
        break;
      case 'timer': {
        scheduledAt = timerFireAt(output.timer, current, now, journey.settings.timeZone);
        const timerId = `${run.runId}:${nodeId}:${visit}`;
        effects.push(
          effect(run, nodeId, visit, 'timer', { type: 'schedule-timer', timerId, fireAt: scheduledAt }),
        );
        break;
      }
      case 'cancel-timer': {
        const timerId = `${run.runId}:${nodeId}:${visit}`;
        effects.push(effect(run, nodeId, visit, 'cancel', { type: 'cancel-timer', timerId }));
        break;
      }
      case 'action': {
        const scope: RuleScope = {
          profile: asRecord(current),
          event: data.trigger,
          response: data.responses,
          stage: current.stage,
          now,
        };
        const fields = actionFields(journey, nodeId, output.spec, scope, current, data);
        if (!fields) break;
        const made = effect(run, nodeId, visit, `a${output.index}`, fields);
        effects.push(made);
        if (made.type === 'update-profile' || made.type === 'set-stage' || made.type === 'tag') {
          current = applyProfileChange(current, made);
        }
        break;
      }
    }
  }
  return { effects, scheduledAt };
}

type Base = Pick<Effect, 'key' | 'runId' | 'customerId' | 'journeyId' | 'nodeId' | 'visit'>;
/** An effect without the fields every effect shares. */
type EffectFields = Effect extends infer E ? (E extends Effect ? Omit<E, keyof Base> : never) : never;

/**
 * Stamps the shared fields on an effect; the key is unique per (run, node, visit, what).
 * Built with Object.assign on a fresh object: object spread is several times slower here.
 */
function effect(run: RunIdentity, nodeId: string, visit: number, what: string, fields: EffectFields): Effect {
  const base: Base = {
    key: `${run.runId}:${nodeId}:${visit}:${what}`,
    runId: run.runId,
    customerId: run.customerId,
    journeyId: run.journeyId,
    nodeId,
    visit,
  };
  return Object.assign(base, fields) as Effect;
}

const PLAIN = {};
const HEADER = { escape: headerValue };

/**
 * Runs a render; a template that hits a render limit (or, published before it was checked, does
 * not parse) gives the reason the message or request is refused instead of its text.
 */
function rendering<T>(render: () => T): { value: T } | { refused: string } {
  try {
    return { value: render() };
  } catch (error) {
    if (error instanceof TemplateError) return { refused: `refused: ${error.message}` };
    throw error;
  }
}

function actionFields(
  journey: CompiledJourney,
  nodeId: string,
  spec: ActionSpec,
  scope: RuleScope,
  profile: Profile,
  data: RunData,
): EffectFields | null {
  switch (spec.type) {
    case 'send': {
      const { template, channel } = spec;
      if (channel === 'webhook') return webhookFields(spec, scope);
      const messageName = spec.messageName ?? null;
      const fields = rendering(() => ({
        to: template.to
          ? renderTemplate(template.to, scope, PLAIN) || null
          : defaultRecipient(channel, profile),
        subject: template.subject ? renderTemplate(template.subject, scope, PLAIN) : null,
        body:
          channel === 'email'
            ? renderHtmlTemplate(template.body, scope)
            : renderTemplate(template.body, scope),
        url: template.url ? renderTemplate(template.url, scope, PLAIN) : null,
        ...emailParts(template, scope, channel),
      }));
      const extra = spec.delivery ? { delivery: spec.delivery } : {};
      if ('value' in fields) return { type: 'send', channel, ...fields.value, messageName, ...extra };
      const to = defaultRecipient(channel, profile);
      return {
        type: 'send',
        channel,
        to,
        subject: null,
        body: '',
        url: null,
        messageName,
        ...fields,
        ...extra,
      };
    }
    case 'update-profile':
      return { type: 'update-profile', set: { ...spec.set }, unset: [...spec.unset] };
    case 'set-stage':
      // Moving a customer to the stage they are in already records nothing.
      return profile.stage === spec.stage
        ? null
        : { type: 'set-stage', stage: spec.stage, previousStage: profile.stage };
    case 'tag':
      return { type: 'tag', op: spec.op, tag: spec.tag };
    case 'http': {
      const url = renderUrlTemplate(spec.request.url, scope);
      const body = spec.request.body === undefined ? null : renderBodyTemplate(spec.request.body, scope);
      const headers = rendering(() =>
        Object.fromEntries(
          Object.entries(spec.request.headers).map(([name, value]) => [
            name,
            renderTemplate(value, scope, HEADER),
          ]),
        ),
      );
      const refused =
        'refused' in url
          ? url.refused
          : body && 'refused' in body
            ? body.refused
            : 'refused' in headers
              ? headers.refused
              : null;
      return {
        type: 'http',
        method: spec.request.method,
        url: 'url' in url ? url.url : spec.request.url,
        headers: 'value' in headers ? headers.value : {},
        body: body && 'body' in body ? body.body : null,
        timeoutMs: spec.request.timeoutMs,
        awaitsResult: true,
        ...(spec.retry ? { retry: spec.retry } : {}),
        ...(spec.onFailure ? { onFailure: spec.onFailure } : {}),
        ...(refused ? { refused } : {}),
      };
    }
    case 'plugin': {
      const info = journey.nodes[nodeId];
      const event = data.history.at(-1) ?? data.trigger;
      return {
        type: 'plugin',
        nodeType: info?.type ?? 'unknown',
        nodeTypeVersion: info?.typeVersion ?? 0,
        params: spec.params,
        event: event && {
          name: event.name,
          properties: event.properties,
          timestamp: new Date(event.at).toISOString(),
        },
        outputs: data.responses,
        ...(spec.retry ? { retry: spec.retry } : {}),
        ...(spec.onFailure ? { onFailure: spec.onFailure } : {}),
      };
    }
  }
}

/**
 * A webhook message: its URL and body are rendered by context (URL, JSON); when either is
 * refused the message carries the reason and is not sent.
 */
function webhookFields(spec: Extract<ActionSpec, { type: 'send' }>, scope: RuleScope): EffectFields {
  const { template } = spec;
  const url = template.url ? renderUrlTemplate(template.url, scope) : null;
  const body = renderBodyTemplate(template.body, scope);
  const recipient = template.to;
  const to = recipient ? rendering(() => renderTemplate(recipient, scope, PLAIN) || null) : null;
  const refused =
    url && 'refused' in url
      ? url.refused
      : 'refused' in body
        ? body.refused
        : to && 'refused' in to
          ? to.refused
          : null;
  return {
    type: 'send',
    channel: 'webhook',
    to: to && 'value' in to ? to.value : null,
    subject: null,
    body: 'body' in body ? body.body : template.body,
    url: url === null ? null : 'url' in url ? url.url : (template.url ?? null),
    messageName: spec.messageName ?? null,
    ...(spec.delivery ? { delivery: spec.delivery } : {}),
    ...(refused ? { refused } : {}),
  };
}

/** An email's preview line and plain-text part, rendered as text (neither is HTML). */
function emailParts(
  template: Extract<ActionSpec, { type: 'send' }>['template'],
  scope: RuleScope,
  channel: string,
): { preheader?: string; text?: string } {
  if (channel !== 'email') return {};
  const parts: { preheader?: string; text?: string } = {};
  if (template.preheader) parts.preheader = renderTemplate(template.preheader, scope, PLAIN);
  if (template.text) parts.text = renderTemplate(template.text, scope, PLAIN);
  return parts;
}

/** The profile field each channel sends to when the message names no recipient. */
function defaultRecipient(channel: string, profile: Profile): string | null {
  const fields =
    { email: ['email'], sms: ['phone', 'phone_number'], push: ['push_token', 'device_token'] }[channel] ?? [];
  for (const field of fields) {
    const value = profile.traits[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

function asRecord(profile: Profile): Record<string, unknown> {
  return profile as unknown as Record<string, unknown>;
}
