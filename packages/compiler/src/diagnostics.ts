import type { JourneyNode } from '@stagecraft/graph';
import type { Diagnostic } from './types';

/** How messages name a step: its label when it has one, else its id. */
export function stepName(node: Pick<JourneyNode, 'id' | 'label'>): string {
  return node.label ? `"${node.label}"` : `"${node.id}"`;
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
