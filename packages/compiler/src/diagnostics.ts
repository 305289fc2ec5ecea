import type { JourneyNode } from '@stagecraft/graph';
import type { AnyNodeType } from '@stagecraft/sdk';
import type { Diagnostic } from './types';

/** What a message knows of a step: the node, and its type and read config once the compiler has them. */
export interface NamedStep {
  node: Pick<JourneyNode, 'type' | 'label'>;
  nodeType?: Pick<AnyNodeType, 'title' | 'summary'> | undefined;
  /** The config as the type's schema read it; only then can the type's summary describe it. */
  config?: unknown;
}

/** Summaries longer than this are cut, so a message stays one readable sentence. */
const MAX_SUMMARY = 60;

/**
 * How messages name a step within a sentence: its label (`"Welcome email"`), else what it is,
 * since a marketer never sees node ids: its type's title and the one line the canvas shows
 * under it (`the "Send message" step (Email: Welcome)`), which tells two such steps apart.
 */
export function stepName(step: NamedStep): string {
  const { node } = step;
  if (node.label) return `"${node.label}"`;
  const title = `the "${step.nodeType?.title ?? node.type}" step`;
  const summary = summaryOf(step);
  return summary ? `${title} (${summary})` : title;
}

/** The same at the start of a sentence: `Step "Welcome email"`, or `The "Send message" step (…)`. */
export function stepSubject(step: NamedStep, noun = 'Step'): string {
  if (step.node.label) return `${noun} "${step.node.label}"`;
  const name = stepName(step);
  return `T${name.slice(1)}`;
}

function summaryOf({ nodeType, config }: NamedStep): string {
  if (!nodeType?.summary || config === undefined) return '';
  try {
    const summary = nodeType.summary(config);
    if (typeof summary !== 'string') return '';
    const line = summary.replace(/\s+/g, ' ').trim();
    return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
  } catch {
    // A plugin's summary that throws only costs the message its detail.
    return '';
  }
}

/** Collects diagnostics; keeps the list bounded so a hostile document cannot flood a response. */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  private dropped = 0;

  constructor(private readonly limit = 500) {}

  add(diagnostic: Diagnostic): void {
    if (this.items.length < this.limit) this.items.push(diagnostic);
    else this.dropped++;
  }

  error(code: string, message: string, at: Omit<Diagnostic, 'code' | 'severity' | 'message'> = {}): void {
    this.add({ code, severity: 'error', message, ...at });
  }

  warning(code: string, message: string, at: Omit<Diagnostic, 'code' | 'severity' | 'message'> = {}): void {
    this.add({ code, severity: 'warning', message, ...at });
  }

  hasErrors(): boolean {
    return this.items.some((item) => item.severity === 'error');
  }

  /** The diagnostics, with a closing note when some were left out. */
  list(): Diagnostic[] {
    if (this.dropped === 0) return this.items;
    return [
      ...this.items,
      {
        code: 'too-many-problems',
        severity: this.hasErrors() ? 'error' : 'warning',
        message: `${this.dropped} more problems were found; fix the ones above and check again.`,
      },
    ];
  }
}

/** Turns a schema message into a sentence about the field (`subject is missing; set it`). */
export function describeConfigIssue(path: string, message: string): string {
  const field = path === '' ? 'The settings' : `"${path}"`;
  if (/received undefined$/.test(message)) return `${field} is missing; set it.`;
  const expected = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  if (expected) return `${field} must be a ${expected[1]}, not a ${expected[2]}.`;
  return `${field} ${message.replace(/^Invalid input: /, 'is invalid: ')}`;
}
