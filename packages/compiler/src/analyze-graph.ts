import type { JourneyDocument } from '@stagecraft/graph';
import { canRest } from './build-definition';
import type { Wiring } from './check-edges';
import { type DiagnosticList, type NamedStep, stepName, stepSubject } from './diagnostics';
import type { ResolvedNode } from './resolve-nodes';

/**
 * Whole-graph checks: at least one trigger, every step reachable from one, no loop that a
 * customer could go round without waiting, and goals that an event can actually reach.
 * Linear in nodes and edges, so 10,000-node journeys stay fast.
 */
export function analyzeGraph(
  journey: JourneyDocument,
  resolved: ReadonlyMap<string, ResolvedNode>,
  wiring: Wiring,
  diagnostics: DiagnosticList,
  step: (id: string) => NamedStep,
): void {
  const triggers = [...resolved.values()]
    .filter((entry) => entry.compilation.trigger)
    .map((entry) => entry.node.id);
  if (triggers.length === 0 && journey.nodes.length > 0) {
    diagnostics.error(
      'no-trigger',
      'No customer can enter this journey: add a trigger such as "Event happens".',
    );
  } else if (journey.nodes.length === 0) {
    diagnostics.error('no-trigger', 'This journey is empty: add a trigger, then the steps that follow it.');
  }

  const next = new Map<string, string[]>();
  for (const edge of wiring.edges) {
    const list = next.get(edge.source);
    if (list) list.push(edge.target);
    else next.set(edge.source, [edge.target]);
  }
  const reachable = new Set<string>(triggers);
  const queue = [...triggers];
  for (let i = 0; i < queue.length; i++) {
    for (const target of next.get(queue[i] as string) ?? []) {
      if (!reachable.has(target)) {
        reachable.add(target);
        queue.push(target);
      }
    }
  }

  const goals = journey.nodes.filter((node) => resolved.get(node.id)?.compilation.goal);
  if (triggers.length > 0) {
    for (const node of journey.nodes) {
      if (reachable.has(node.id) || resolved.get(node.id)?.compilation.goal) continue;
      diagnostics.warning(
        'unreachable-node',
        `${stepSubject(step(node.id))} can never be reached: no path leads to it from a trigger. Connect it or delete it.`,
        { nodeId: node.id },
      );
    }
  }

  reportInstantLoops(journey, resolved, wiring, diagnostics);

  const someoneWaits = [...reachable].some((id) => {
    const entry = resolved.get(id);
    return entry !== undefined && canRest(entry.compilation);
  });
  if (someoneWaits || triggers.length === 0) return;
  for (const goal of goals) {
    diagnostics.warning(
      'goal-unreachable',
      `${stepSubject(step(goal.id), 'Goal')} can never be met: customers go through this journey without waiting anywhere, so no event can arrive during a run. Add a Wait before the end.`,
      { nodeId: goal.id },
    );
  }
  if (journey.settings.goal) {
    diagnostics.warning(
      'goal-unreachable',
      'The journey goal can never be met: customers go through this journey without waiting anywhere, so no event can arrive during a run.',
      { path: 'settings.goal' },
    );
  }
}

/** Finds cycles made only of connections taken at once (Tarjan's algorithm, iterative). */
function reportInstantLoops(
  journey: JourneyDocument,
  resolved: ReadonlyMap<string, ResolvedNode>,
  wiring: Wiring,
  diagnostics: DiagnosticList,
): void {
  const instant = new Map<string, string[]>();
  for (const edge of wiring.edges) {
    const source = resolved.get(edge.source);
    if (!source || !resolved.has(edge.target)) continue;
    const atOnce = source.compilation.exits.some((exit) => exit.on === 'always' && exit.port === edge.port);
    if (!atOnce) continue;
    const list = instant.get(edge.source);
    if (list) list.push(edge.target);
    else instant.set(edge.source, [edge.target]);
  }

  const order = new Map(journey.nodes.map((node, index) => [node.id, index] as const));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  for (const start of instant.keys()) {
    if (index.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as [string, number];
      const [node, childIndex] = frame;
      const children = instant.get(node) ?? [];
      if (childIndex < children.length) {
        frame[1]++;
        const child = children[childIndex] as string;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push([child, 0]);
        } else if (onStack.has(child)) {
          low.set(node, Math.min(low.get(node) as number, index.get(child) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0]) as number, low.get(node) as number));
      if (low.get(node) !== index.get(node)) continue;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = component.length === 1 && children.includes(node);
      if (component.length > 1 || selfLoop) report(component, order, resolved, diagnostics);
    }
  }
}

function report(
  component: string[],
  order: ReadonlyMap<string, number>,
  resolved: ReadonlyMap<string, ResolvedNode>,
  diagnostics: DiagnosticList,
): void {
  component.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const steps = component.map((id) => resolved.get(id) as ResolvedNode);
  const names = steps.slice(0, 5).map(stepName);
  if (component.length > 5) names.push(`${component.length - 5} more`);
  const loop =
    component.length === 1
      ? `${stepSubject(steps[0] as ResolvedNode)} leads straight back to itself with`
      : `The loop through ${names.slice(0, -1).join(', ')} and ${names.at(-1)} has`;
  diagnostics.error(
    'cycle-without-wait',
    `${loop} no wait in it, so a customer would go round forever. Add a Wait inside the loop or remove a connection.`,
    { nodeId: component[0] as string, detail: { kind: 'cycle-without-wait', nodeIds: [...component] } },
  );
}
