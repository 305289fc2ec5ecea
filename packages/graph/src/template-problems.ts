import { parseTemplate, TEMPLATE_ROOTS, TemplateError, type TemplateRead, templateReads } from './liquid';

/** What a template may read beyond the customer's profile, the trigger event and the stage. */
export interface TemplateReach {
  /** True when a stored response of step `stepId` can exist by the time this template renders. */
  canReadResponse?: (stepId: string) => boolean;
}

const ROOTS: readonly string[] = TEMPLATE_ROOTS;

/**
 * Every reason a template would not render as its author means it, in words a marketer can act
 * on: Liquid that does not parse, and variables that can never exist (a root other than
 * `profile`, `event`, `response` and `stage`, or the response of a step that does not run
 * before). The renderer parses with the same engine, so what passes here is what it renders.
 */
export function templateProblems(template: string, reach: TemplateReach = {}): string[] {
  if (!template.includes('{')) return [];
  try {
    parseTemplate(template);
  } catch (error) {
    return [error instanceof TemplateError ? `${error.message}. ${SYNTAX_HINT}` : String(error)];
  }
  const problems: string[] = [];
  for (const read of templateReads(template)) {
    const problem = readProblem(read, reach);
    if (problem && !problems.includes(problem)) problems.push(problem);
  }
  return problems;
}

const SYNTAX_HINT =
  'Write variables as {{ profile.first_name | default: "there" }} and close every {% if %} or {% for %} with {% endif %} or {% endfor %}';

function readProblem(read: TemplateRead, reach: TemplateReach): string | null {
  const [root, step] = read.segments;
  const name = read.segments.join('.');
  const where = `at line ${read.line}, column ${read.column}`;
  if (typeof root !== 'string' || !ROOTS.includes(root)) {
    return `"${name.slice(0, 120)}" ${where} can never exist; read profile.*, event.*, response.<step>.* or stage, e.g. {{ profile.first_name }}.`;
  }
  if (root === 'stage' && read.segments.length > 1) {
    return `"${name.slice(0, 120)}" ${where} can never exist: stage is the name of the customer's stage; write {{ stage }}.`;
  }
  if (root !== 'response' || !reach.canReadResponse) return null;
  if (typeof step !== 'string') {
    return `"${name.slice(0, 120)}" ${where} names no step; write response.<step id>.<field>.`;
  }
  if (!reach.canReadResponse(step)) {
    return `"${name.slice(0, 120)}" ${where} can never exist: no step "${step}" that keeps its response runs before this one; use the id of an earlier HTTP request step.`;
  }
  return null;
}

/** The field paths a template reads, in order of first use (`profile.first_name`); for previews. */
export function templateVariables(template: string): string[] {
  let reads: TemplateRead[];
  try {
    reads = templateReads(template);
  } catch {
    return [];
  }
  const paths = new Set<string>();
  for (const read of reads) {
    const root = read.segments[0];
    if (typeof root === 'string' && ROOTS.includes(root)) paths.add(read.segments.join('.'));
  }
  return [...paths];
}
