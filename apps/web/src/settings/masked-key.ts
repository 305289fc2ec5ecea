/** How a listed key is shown: its prefix and last four characters around an ellipsis, never more. */
export function maskedKey(key: { prefix: string; lastFour: string | null }): string {
  return `${key.prefix}…${key.lastFour ?? ''}`;
}
