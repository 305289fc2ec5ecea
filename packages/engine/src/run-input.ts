import { MAX_HISTORY, type MachineEvent, type RunEvent } from '@stagecraft/compiler';
import { isRecord } from './advance';
import type { CustomerEvent } from './types';

/** A stored customer event as the run keeps it; null when it is not an event at all. */
export function toRunEvent(event: CustomerEvent | null | undefined): RunEvent | null {
  if (!isRecord(event) || typeof event.name !== 'string' || !Number.isFinite(event.at)) return null;
  return {
    id: typeof event.id === 'string' ? event.id : '',
    name: event.name,
    properties: isRecord(event.properties) ? event.properties : {},
    at: event.at,
  };
}

/** Checks an input's shape (it may come from storage or a queue); null when it is malformed. */
export function toMachineEvent(input: unknown): MachineEvent | null {
  if (!isRecord(input)) return null;
  const isVisit = (value: unknown) => typeof value === 'number' && Number.isInteger(value);
  switch (input.type) {
    case 'event': {
      const event = toRunEvent(input.event as CustomerEvent);
      return event ? { type: 'event', event } : null;
    }
    case 'timer':
      return typeof input.nodeId === 'string' && isVisit(input.visit)
        ? { type: 'timer', nodeId: input.nodeId, visit: input.visit as number }
        : null;
    case 'result':
      if (typeof input.nodeId !== 'string' || !isVisit(input.visit) || typeof input.ok !== 'boolean')
        return null;
      return {
        type: 'result',
        nodeId: input.nodeId,
        visit: input.visit as number,
        ok: input.ok,
        data: input.data,
        ...(typeof input.error === 'string' ? { error: input.error } : {}),
        ...(typeof input.port === 'string' ? { port: input.port } : {}),
      };
    default:
      return null;
  }
}

/** History with one more tracked event, keeping only the most recent MAX_HISTORY. */
export function appendHistory(history: readonly RunEvent[], event: RunEvent): RunEvent[] {
  const kept = history.length >= MAX_HISTORY ? history.slice(history.length - MAX_HISTORY + 1) : [...history];
  kept.push(event);
  return kept;
}
