import { Context, Liquid, Output, type Template, toValueSync } from 'liquidjs';
import type { RuleScope } from './evaluate-rules';

/**
 * The one Liquid engine behind every template: rendering, publish-time checks and the editor's
 * preview all read templates through it. It is pure: templates live in memory only (no file
 * loader, and the tags that would read files are removed), lookups see own properties only,
 * unknown filters are errors, and each parse and render is bounded.
 */
export const TEMPLATE_LIMITS = {
  /** Characters one template may have. */
  parseChars: 200_000,
  /** Milliseconds one render may take. */
  renderMs: 250,
  /** Liquid's allocation budget for one render (strings and lists built by loops and filters). */
  memory: 5_000_000,
  /** Characters one rendered template may produce. */
  outputChars: 1_000_000,
} as const;

/** Why a template could not be read or rendered; the message says where and how to fix it. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** The roots a template may read: the same data rules read (see `RuleScope`). */
export const TEMPLATE_ROOTS = ['profile', 'event', 'response', 'stage'] as const;

/** Tags that include other templates: there are no other templates, only the text of the field. */
const FILE_TAGS = ['include', 'render', 'layout', 'block'];

let escapeValue: ((text: string) => string) | null = null;
let keepValue = false;
/** The render's clock (`RuleScope.now`): `"now" | date` reads it, so a render is repeatable. */
let renderNow: number | undefined;

/**
 * Every `{{ }}` output passes through here (Liquid's `outputEscape`): values become text the way
 * messages always showed them (lists joined with ", ", objects as JSON, nothing for null), then
 * the render's escape for its context. Rendering is synchronous, so the escape set by the render
 * call is the one in force.
 */
function escapeOutput(value: unknown): unknown {
  if (keepValue) return value;
  const text = toText(value);
  return escapeValue ? escapeValue(text) : text;
}

const engine = new Liquid({
  templates: {},
  ownPropertyOnly: true,
  strictFilters: true,
  outputEscape: escapeOutput as (value: unknown) => string,
  timezoneOffset: 0,
  parseLimit: TEMPLATE_LIMITS.parseChars,
  renderLimit: TEMPLATE_LIMITS.renderMs,
  memoryLimit: TEMPLATE_LIMITS.memory,
});
for (const tag of FILE_TAGS) delete engine.tags[tag];
// `| raw` would let a value skip its context's escaping.
engine.unregisterFilter('raw');
const liquidDate = engine.filters.date as (this: unknown, value: unknown, ...args: unknown[]) => unknown;
engine.registerFilter('date', function (this: unknown, value: unknown, ...args: unknown[]) {
  const clock = (value === 'now' || value === 'today') && renderNow !== undefined;
  return liquidDate.call(this, clock ? new Date(renderNow as number) : value, ...args);
});

/** Parsed templates kept, by count and by total characters (hostile bodies cannot fill memory). */
const PARSED_LIMIT = 2_000;
const PARSED_CHARS = 20_000_000;
const parsed = new Map<string, Template[] | TemplateError>();
const analysed = new Map<string, TemplateRead[]>();
let parsedChars = 0;

/** Parses a template once (cached); a template that does not parse throws its TemplateError. */
export function parseTemplate(template: string): Template[] {
  let entry = parsed.get(template);
  if (entry === undefined) {
    try {
      entry = engine.parse(template);
    } catch (error) {
      entry = new TemplateError(liquidMessage(error));
    }
    if (parsed.size >= PARSED_LIMIT || parsedChars + template.length > PARSED_CHARS) {
      parsed.clear();
      analysed.clear();
      parsedChars = 0;
    }
    parsed.set(template, entry);
    parsedChars += template.length;
  }
  if (entry instanceof TemplateError) throw entry;
  return entry;
}

/** Renders a template against a scope, each inserted value made safe by `escapeText`. */
export function renderLiquid(
  template: string,
  scope: RuleScope,
  escapeText?: (text: string) => string,
): string {
  const templates = parseTemplate(template);
  const previous = escapeValue;
  const previousNow = renderNow;
  escapeValue = escapeText ?? null;
  renderNow = scope.now;
  try {
    const out: unknown = engine.renderSync(templates, scopeOf(scope));
    const text = typeof out === 'string' ? out : String(out ?? '');
    if (text.length > TEMPLATE_LIMITS.outputChars) {
      throw new TemplateError(
        `The rendered text is longer than ${TEMPLATE_LIMITS.outputChars.toLocaleString('en-US')} characters.`,
      );
    }
    return text;
  } catch (error) {
    throw error instanceof TemplateError ? error : new TemplateError(liquidMessage(error));
  } finally {
    escapeValue = previous;
    renderNow = previousNow;
  }
}

/**
 * The value of a template that is exactly one `{{ … }}` output, with its type (a number stays a
 * number, a list a list); `undefined` when the template is anything else.
 */
export function outputValue(template: string, scope: RuleScope): { value: unknown } | undefined {
  const templates = parseTemplate(template);
  const only = templates.length === 1 ? templates[0] : undefined;
  if (!(only instanceof Output)) return undefined;
  const previous = keepValue;
  const previousNow = renderNow;
  keepValue = true;
  renderNow = scope.now;
  try {
    const context = new Context(scopeOf(scope), engine.options);
    return { value: toValueSync(only.value.value(context, false)) };
  } catch (error) {
    throw new TemplateError(liquidMessage(error));
  } finally {
    keepValue = previous;
    renderNow = previousNow;
  }
}

/** A variable a template reads from outside itself, as path segments, with where it is. */
export interface TemplateRead {
  segments: (string | number)[];
  /** 1-based line and column of the variable in the template. */
  line: number;
  column: number;
}

/** The variables a template reads from its scope (loop and `assign` variables are not among them). */
export function templateReads(template: string): TemplateRead[] {
  const known = analysed.get(template);
  if (known) return known;
  const analysis = engine.analyzeSync(parseTemplate(template));
  const reads: TemplateRead[] = [];
  for (const variables of Object.values(analysis.globals)) {
    for (const variable of variables) {
      reads.push({
        segments: variable.segments.map((segment) => (typeof segment === 'object' ? '[…]' : segment)),
        line: variable.location.row,
        column: variable.location.col,
      });
    }
  }
  reads.sort((a, b) => a.line - b.line || a.column - b.column);
  // Cleared with the parsed templates, which hold at least as many entries.
  analysed.set(template, reads);
  return reads;
}

const scopes = new WeakMap<RuleScope, Record<string, unknown>>();

/** The Liquid scope of a rule scope, built once per scope object (a message renders several fields). */
function scopeOf(scope: RuleScope): Record<string, unknown> {
  let built = scopes.get(scope);
  if (!built) {
    built = liquidScope(scope);
    scopes.set(scope, built);
  }
  return built;
}

/**
 * What a template sees, read the way rules read fields (`readPath`): `profile.x` is the trait
 * `x`, else the profile's own field (`profile.tags`, `profile.stage`); `event.x` is the property
 * `x`, else the event's own field (`event.name`); `response.<step>` a stored HTTP response.
 */
export function liquidScope(scope: RuleScope): Record<string, unknown> {
  const profile = scope.profile ?? null;
  const traits = profile && isRecord(profile.traits) ? profile.traits : null;
  const event = scope.event ?? null;
  return {
    profile: profile ? overlay(profile, traits) : null,
    event: event ? overlay(event as unknown as Record<string, unknown>, event.properties ?? null) : null,
    response: scope.response ?? null,
    stage: scope.stage ?? null,
  };
}

/** The base's fields with the overlay's on top, own keys only (a key `__proto__` stays data). */
function overlay(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>> | null) {
  const out: Record<string, unknown> = {};
  for (const source of over ? [base, over] : [base]) {
    for (const key of Object.keys(source)) {
      if (key === '__proto__') Object.defineProperty(out, key, { value: source[key], enumerable: true });
      else out[key] = source[key];
    }
  }
  return out;
}

/** How a value reads as text in a message: nothing for null, lists joined with ", ", objects as JSON. */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(toText).join(', ');
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** Liquid's message, without its stack frames. */
function liquidMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.slice(0, 300) ?? 'The template could not be read.';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
