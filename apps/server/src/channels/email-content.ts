import { createHash } from 'node:crypto';
import { escapeHtml } from '@stagecraft/graph';
import { compile } from 'html-to-text';

/** What an email needs beyond its rendered content: its links and choices. */
export interface EmailInput {
  /** The rendered body: HTML, or plain text (turned into paragraphs). */
  body: string;
  preheader: string | null;
  /** The written text part; derived from the HTML when null. */
  text: string | null;
  marketing: boolean;
  trackOpens: boolean;
  trackClicks: boolean;
  /** The outbox id: the Message-ID is derived from it, so every attempt carries the same one. */
  id: string;
  /** Domain of the sender, for the Message-ID and the default unsubscribe mailbox. */
  domain: string;
  /** The List-Unsubscribe mailto's address; null: unsubscribe@ the sender's domain. */
  unsubscribeAddress: string | null;
  links: { unsubscribe: string; open: string; click: (url: string) => string };
}

export interface EmailContent {
  html: string;
  text: string;
  headers: Record<string, string>;
  messageId: string;
}

/** The text part as people write it: headings keep their case, images are left out. */
const toText = compile({
  wordwrap: 78,
  selectors: [
    { selector: 'img', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
});

const LOOKS_LIKE_HTML = /<(html|body|p|div|table|a|br|span|h[1-6]|ul|ol|img)\b/i;

/**
 * Builds what inbox providers expect: an HTML part (preheader, tracked links, visible unsubscribe
 * link, open pixel) and a text part, `List-Unsubscribe` with an https link and a mailto, and
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058) on marketing mail.
 */
export function buildEmail(input: EmailInput): EmailContent {
  const authored = LOOKS_LIKE_HTML.test(input.body) ? input.body : paragraphs(input.body);
  let html = input.trackClicks ? trackLinks(authored, input.links.click) : authored;
  if (input.preheader) html = atBodyStart(html, preheaderBlock(input.preheader));
  const footer: string[] = [];
  if (input.marketing) {
    footer.push(
      `<p style="font-size:12px;color:#6b7280">Don’t want these emails? <a href="${escapeHtml(input.links.unsubscribe)}">Unsubscribe</a>.</p>`,
    );
  }
  if (input.trackOpens) {
    footer.push(
      `<img src="${escapeHtml(input.links.open)}" width="1" height="1" alt="" style="display:block;border:0">`,
    );
  }
  html = document(atBodyEnd(html, footer.join('')));
  let text = input.text ?? toText(authored);
  if (input.marketing) text = `${text.trimEnd()}\n\nUnsubscribe: ${input.links.unsubscribe}\n`;
  const headers: Record<string, string> = {};
  if (input.marketing) {
    const mailto = `mailto:${input.unsubscribeAddress ?? `unsubscribe@${input.domain}`}?subject=${encodeURIComponent(`unsubscribe ${input.links.unsubscribe}`)}`;
    headers['List-Unsubscribe'] = `<${input.links.unsubscribe}>, <${mailto}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const messageId = `<${createHash('sha256').update(input.id).digest('hex').slice(0, 32)}@${input.domain}>`;
  return { html, text, headers, messageId };
}

/** The domain of a sender such as `Acme <hello@acme.test>`. */
export function senderDomain(from: string): string {
  const match = /@([^\s>]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'localhost';
}

/** Plain text (already HTML-escaped by rendering) as paragraphs and line breaks. */
function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => `<p>${part.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** Every http(s) link through its click redirect. */
function trackLinks(html: string, click: (url: string) => string): string {
  return html.replace(
    /(<a\b[^>]*?\shref\s*=\s*)(["'])(https?:\/\/[^"']+)\2/gi,
    (_all, start: string, quote: string, href: string) => {
      const url = href.replace(/&amp;/g, '&');
      return `${start}${quote}${escapeHtml(click(url))}${quote}`;
    },
  );
}

/** The hidden preview line inboxes show after the subject. */
function preheaderBlock(text: string): string {
  return `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${escapeHtml(text)}</div>`;
}

function atBodyStart(html: string, block: string): string {
  const open = /<body\b[^>]*>/i.exec(html);
  if (!open) return block + html;
  const at = open.index + open[0].length;
  return html.slice(0, at) + block + html.slice(at);
}

function atBodyEnd(html: string, block: string): string {
  const close = html.search(/<\/body>/i);
  return close < 0 ? html + block : html.slice(0, close) + block + html.slice(close);
}

function document(html: string): string {
  if (/<html\b/i.test(html)) return html;
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head><body>${html}</body></html>`;
}
