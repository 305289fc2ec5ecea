import type { Product } from './server';

interface CatalogEntry {
  type: string;
  version: number;
  defaults?: Record<string, unknown>;
}

interface JourneyDetail {
  id: string;
  document: Record<string, unknown> & { nodes: unknown[]; edges: unknown[] };
}

/** Steps per row of the generated journey; rows alternate direction like a snake. */
const COLUMNS = 20;
const X_STEP = 288;
const Y_STEP = 112;

/**
 * Creates, through the API, a valid journey of `size` steps built from the server's node catalog:
 * an event trigger, then waits and emails in turn, ending in an exit. The steps are laid out as a
 * 20-wide snake so the whole journey fits on screen at the editor's minimum zoom: every step is
 * drawn, nothing is culled, which is the hardest case for the canvas.
 */
export async function createLargeJourney(product: Product, size: number, name: string): Promise<string> {
  const { nodeTypes } = await product.api<{ nodeTypes: CatalogEntry[] }>('/api/node-types');
  const entry = (type: string) => {
    const found = nodeTypes.find((candidate) => candidate.type === type);
    if (!found) throw new Error(`The server's catalog has no "${type}" step to build the journey from.`);
    return found;
  };
  const blank = await product.api<JourneyDetail>('/api/journeys', { method: 'POST', body: { name } });
  const nodes = Array.from({ length: size }, (_, index) => {
    const type =
      index === 0 ? 'event-trigger' : index === size - 1 ? 'exit' : index % 2 ? 'wait' : 'send-message';
    const { version, defaults = {} } = entry(type);
    const row = Math.floor(index / COLUMNS);
    const column = row % 2 === 0 ? index % COLUMNS : COLUMNS - 1 - (index % COLUMNS);
    const config =
      type === 'event-trigger'
        ? { ...defaults, event: 'user.signed_up' }
        : type === 'send-message'
          ? {
              ...defaults,
              name: `Email ${index}`,
              subject: `Update ${index}`,
              body: 'Hello {{ profile.first_name }}',
            }
          : defaults;
    return {
      id: `n${index}`,
      type,
      typeVersion: version,
      position: { x: column * X_STEP, y: row * Y_STEP },
      config,
      stage: null,
    };
  });
  const edges = nodes.slice(1).map((node, index) => ({
    id: `e${index}`,
    source: `n${index}`,
    sourcePort: 'out',
    target: node.id,
  }));
  const document = { ...blank.document, nodes, edges };
  const { diagnostics } = await product.api<{ diagnostics: { severity: string; message: string }[] }>(
    `/api/journeys/${blank.id}/validate`,
    { method: 'POST', body: { document } },
  );
  const errors = diagnostics.filter((issue) => issue.severity === 'error');
  if (errors.length) {
    throw new Error(`The generated journey is not valid: ${errors.map((issue) => issue.message).join(' ')}`);
  }
  const { revision } = await product.api<{ revision: number }>(`/api/journeys/${blank.id}`);
  await product.api(`/api/journeys/${blank.id}/draft`, { method: 'PUT', body: { document, revision } });
  return blank.id;
}
