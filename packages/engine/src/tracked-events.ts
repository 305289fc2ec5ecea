import type { CompiledJourney, RunEvent } from '@stagecraft/compiler';

/** Per tracked event name: whether some event-count rule filters on its properties. */
type Tracking = ReadonlyMap<string, boolean>;

const cache = new WeakMap<CompiledJourney, Tracking>();

/**
 * How a journey's run history keeps an event: null when no event-count rule reads it, else the
 * event itself, with its properties only when a rule filters on them (so stored runs stay small).
 */
export function historyEntry(journey: CompiledJourney, event: RunEvent): RunEvent | null {
  const keepProperties = trackingOf(journey).get(event.name);
  if (keepProperties === undefined) return null;
  return keepProperties ? event : { id: event.id, name: event.name, properties: {}, at: event.at };
}

function trackingOf(journey: CompiledJourney): Tracking {
  let tracking = cache.get(journey);
  if (!tracking) {
    const filtered = new Set<string>();
    collectFiltered(journey.definition, filtered, 0);
    tracking = new Map(journey.trackedEvents.map((name) => [name, filtered.has(name)]));
    cache.set(journey, tracking);
  }
  return tracking;
}

/** Finds event-count rules with property filters anywhere in the machine definition. */
function collectFiltered(value: unknown, names: Set<string>, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 64) return;
  if (Array.isArray(value)) {
    for (const item of value) collectFiltered(item, names, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  const count = record.eventCount as { event?: unknown; where?: unknown[] } | undefined;
  if (count && typeof count.event === 'string' && Array.isArray(count.where) && count.where.length > 0) {
    names.add(count.event);
  }
  for (const key in record) collectFiltered(record[key], names, depth + 1);
}
