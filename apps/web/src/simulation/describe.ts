import type { SimulatedEffect, SimulationStep } from '../api/types';

/** Effects a marketer cares about; timers and step records are bookkeeping, shown only on request. */
export const BOOKKEEPING = new Set(['step', 'schedule-timer', 'cancel-timer', 'continue']);

const str = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** One effect as a sentence: "Email “Welcome!” to ada@example.com". */
export function describeEffect(effect: SimulatedEffect): string {
  switch (effect.type) {
    case 'send': {
      const channel = str(effect.channel);
      const what = effect.subject
        ? `“${str(effect.subject)}”`
        : effect.messageName
          ? `“${str(effect.messageName)}”`
          : 'a message';
      const label = channel === 'sms' ? 'SMS' : channel.charAt(0).toUpperCase() + channel.slice(1);
      return `${label} ${what}${effect.to ? ` to ${str(effect.to)}` : ''}`;
    }
    case 'update-profile': {
      const set = Object.entries((effect.set as Record<string, unknown>) ?? {}).map(
        ([key, value]) => `${key} = ${str(value)}`,
      );
      const unset = ((effect.unset as string[]) ?? []).map((key) => `removed ${key}`);
      return `Profile: ${[...set, ...unset].join(', ') || 'no change'}`;
    }
    case 'set-stage':
      return `Stage → ${str(effect.stage)}`;
    case 'tag':
      return `${effect.op === 'remove' ? 'Removed' : 'Added'} tag “${str(effect.tag)}”`;
    case 'http':
      return `${str(effect.method)} ${str(effect.url)}`;
    case 'schedule-timer':
      return `Timer set for ${new Date(Number(effect.fireAt)).toUTCString()}`;
    case 'cancel-timer':
      return 'Timer cancelled';
    case 'continue':
      return 'Long step split: continued in a follow-up step';
    case 'step':
      return `${str(effect.kind)}${effect.port ? ` via ${str(effect.port)}` : ''}`;
    default:
      return effect.type;
  }
}

/** One simulation step as it reads in the log. */
export function describeStep(step: SimulationStep): string {
  if (step.type === 'track') {
    const props = Object.keys(step.properties).length ? ` ${JSON.stringify(step.properties)}` : '';
    return `Event ${step.event}${props}`;
  }
  if (step.type === 'identify')
    return `Profile updated: ${Object.keys(step.traits).join(', ') || 'no traits'}`;
  if (step.type === 'enter') return 'Entered through the API trigger';
  const unit = step.amount === 1 ? step.unit.replace(/s$/, '') : step.unit;
  return `Clock +${step.amount} ${unit}`;
}
