/**
 * A 53-bit string hash (cyrb53: two multiplicative 32-bit lanes mixed at the end). Fast,
 * well spread and identical on every platform, which is what arm assignment and document
 * hashes need; it is not a cryptographic hash.
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A hex digest of a string: its 53-bit hash and its length (enough to tell versions apart). */
export function digest(text: string): string {
  return `${hash53(text).toString(16).padStart(14, '0')}-${text.length.toString(16)}`;
}

/**
 * The weighted arm a customer is assigned at a random split: a deterministic hash of
 * (customer, journey, node) placed on the cumulative weights. Returns -1 when every weight is 0.
 */
export function drawArm(
  customerId: string,
  journeyId: string,
  nodeId: string,
  weights: readonly number[],
): number {
  let total = 0;
  // A NaN or negative weight counts as 0, never as a share.
  for (const weight of weights) if (weight > 0) total += weight;
  if (!(total > 0)) return -1;
  const point = (hash53(`${customerId}\u0000${journeyId}\u0000${nodeId}`) / 2 ** 53) * total;
  let cumulative = 0;
  let lastDrawable = -1;
  for (let arm = 0; arm < weights.length; arm++) {
    const weight = weights[arm] ?? 0;
    if (!(weight > 0)) continue;
    cumulative += weight;
    lastDrawable = arm;
    if (point < cumulative) return arm;
  }
  return lastDrawable;
}
