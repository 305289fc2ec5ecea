const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomSuffix(length: number): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** A readable, unique node id derived from its type: `wait-k3x9`, `score-lead-7qa2` for `acme/score-lead`. */
export function newNodeId(type: string, taken: ReadonlySet<string>): string {
  const base = (type.split('/').pop() ?? 'step').replace(/[^a-z0-9-]/g, '').slice(0, 40) || 'step';
  for (;;) {
    const id = `${base}-${randomSuffix(4)}`;
    if (!taken.has(id)) return id;
  }
}

/** A unique edge id. */
export function newEdgeId(taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `e-${randomSuffix(8)}`;
    if (!taken.has(id)) return id;
  }
}
