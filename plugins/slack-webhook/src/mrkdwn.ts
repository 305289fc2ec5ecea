import { type RuleScope, renderTemplate } from '@stagecraft/graph';

/**
 * Slack reads `&`, `<` and `>` as control characters (`<!channel>`, `<https://x|text>`), so an
 * inserted value escapes them: a customer named "<!channel>" cannot ping a whole channel.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Renders one mrkdwn text with Liquid, inserted values escaped for Slack; the template's own markup kept. */
export function renderMrkdwn(template: string, scope: RuleScope): string {
  return renderTemplate(template, scope, { escape: escapeMrkdwn });
}

/**
 * Renders every string in a Block Kit structure, keys kept as written, so an inserted value can
 * change text but never add a block or a field.
 */
export function renderBlocks(blocks: unknown, scope: RuleScope): unknown {
  if (typeof blocks === 'string') return renderMrkdwn(blocks, scope);
  if (Array.isArray(blocks)) return blocks.map((item) => renderBlocks(item, scope));
  if (blocks !== null && typeof blocks === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(blocks)) {
      Object.defineProperty(out, key, {
        value: renderBlocks(value, scope),
        enumerable: true,
        writable: true,
      });
    }
    return out;
  }
  return blocks;
}

/** Every string leaf of a Block Kit structure with its path (`blocks.0.text.text`), for checking templates. */
export function stringLeaves(value: unknown, path: string): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringLeaves(item, `${path}.${index}`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, `${path}.${key}`));
  return [];
}
