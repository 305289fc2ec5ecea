import {
  applyProfileChange,
  type CompiledJourney,
  type RunData,
  type StepOutput,
} from '@stagecraft/compiler';
import { type RuleScope, renderTemplate } from '@stagecraft/graph';
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
    const base = (what: string) => ({
      key: `${run.runId}:${output.nodeId}:${output.visit}:${what}`,
      runId: run.runId,
      customerId: run.customerId,
      journeyId: run.journeyId,
      nodeId: output.nodeId,
      visit: output.visit,
    });
    switch (output.kind) {
      case 'entered':
        effects.push({ ...base('entered'), type: 'step', kind: 'entered', port: null, at: now });
        break;
      case 'left':
        effects.push({ ...base('left'), type: 'step', kind: 'left', port: output.port, at: now });
        break;
      case 'ended':
        effects.push({ ...base(output.end), type: 'step', kind: output.end, port: null, at: now });
        break;
      case 'stage':
        effects.push({
          ...base('stage'),
          type: 'set-stage',
          stage: output.stage,
          previousStage: current.stage,
        });
        current = applyProfileChange(current, { type: 'set-stage', stage: output.stage });
        break;
      case 'timer':
        scheduledAt = timerFireAt(output.timer, current, now, journey.settings.timeZone);
        effects.push({
          ...base('timer'),
          type: 'schedule-timer',
          timerId: `${run.runId}:${output.nodeId}:${output.visit}`,
          fireAt: scheduledAt,
        });
        break;
      case 'cancel-timer':
        effects.push({
          ...base('cancel'),
          type: 'cancel-timer',
          timerId: `${run.runId}:${output.nodeId}:${output.visit}`,
        });
        break;
      case 'action': {
        const scope: RuleScope = {
          profile: asRecord(current),
          event: data.trigger,
          response: data.responses,
          stage: current.stage,
          now,
        };
        const effect = actionEffect(
          journey,
          output.nodeId,
          output.spec,
          base(`a${output.index}`),
          scope,
          current,
        );
        if (!effect) break;
        effects.push(effect);
        if (effect.type === 'update-profile' || effect.type === 'set-stage' || effect.type === 'tag') {
          current = applyProfileChange(current, effect);
        }
        break;
      }
    }
  }
  return { effects, scheduledAt };
}

type Base = Pick<Effect, 'key' | 'runId' | 'customerId' | 'journeyId' | 'nodeId' | 'visit'>;

function actionEffect(
  journey: CompiledJourney,
  nodeId: string,
  spec: ActionSpec,
  base: Base,
  scope: RuleScope,
  profile: Profile,
): Effect | null {
  const render = (text: string, escapeHtml = false) => renderTemplate(text, scope, { escapeHtml });
  switch (spec.type) {
    case 'send': {
      const { template, channel } = spec;
      return {
        ...base,
        type: 'send',
        channel,
        to: template.to ? render(template.to) || null : defaultRecipient(channel, profile),
        subject: template.subject ? render(template.subject) : null,
        body: render(template.body, channel === 'email'),
        url: template.url ? render(template.url) : null,
        messageName: spec.messageName ?? null,
      };
    }
    case 'update-profile':
      return { ...base, type: 'update-profile', set: { ...spec.set }, unset: [...spec.unset] };
    case 'set-stage':
      // Moving a customer to the stage they are in already records nothing.
      return profile.stage === spec.stage
        ? null
        : { ...base, type: 'set-stage', stage: spec.stage, previousStage: profile.stage };
    case 'tag':
      return { ...base, type: 'tag', op: spec.op, tag: spec.tag };
    case 'http':
      return {
        ...base,
        type: 'http',
        method: spec.request.method,
        url: render(spec.request.url),
        headers: Object.fromEntries(
          Object.entries(spec.request.headers).map(([name, value]) => [name, render(value)]),
        ),
        body: spec.request.body === undefined ? null : render(spec.request.body),
        timeoutMs: spec.request.timeoutMs,
        awaitsResult: true,
      };
    case 'plugin': {
      const info = journey.nodes[nodeId];
      return {
        ...base,
        type: 'plugin',
        nodeType: info?.type ?? 'unknown',
        nodeTypeVersion: info?.typeVersion ?? 0,
        params: spec.params,
      };
    }
  }
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
