import type { JourneyDocument } from '@stagecraft/graph';

/** Event names the journey listens for, so a test customer can send them with one click. */
export function eventsOf(doc: JourneyDocument): string[] {
  const names = new Set<string>();
  for (const node of doc.nodes)
    if (typeof node.config.event === 'string' && node.config.event) names.add(node.config.event);
  for (const exit of doc.settings.exitEvents) names.add(exit.event);
  if (doc.settings.goal) names.add(doc.settings.goal.event.event);
  return [...names];
}
