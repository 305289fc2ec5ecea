import type { JourneyDocument, JourneyNode } from '@stagecraft/graph';
import type { CatalogEntry } from '../api/types';
import { summaryOf } from './canvas/summaries';

/**
 * How a step is called in lists (problems, simulation paths, publish changes): its own name, else
 * what it does ("Email: Welcome email"), else its type's title.
 */
export function stepName(node: JourneyNode, catalog: ReadonlyMap<string, CatalogEntry>): string {
  const title = catalog.get(node.type)?.title ?? node.type;
  return node.label || summaryOf(node, '') || title;
}

/** The name of the step with this id, or the id itself when the step is gone. */
export function stepNameById(
  doc: JourneyDocument,
  catalog: ReadonlyMap<string, CatalogEntry>,
  id: string,
): string {
  const node = doc.nodes.find((candidate) => candidate.id === id);
  return node ? stepName(node, catalog) : id;
}
