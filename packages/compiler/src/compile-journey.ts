import { type JourneyDocument, JourneyDocumentSchema, parseJourney, type Rule } from '@stagecraft/graph';
import type { NodeCompilation, NodeRegistry } from '@stagecraft/sdk';
import { type AnyStateMachine, setup } from 'xstate';
import { analyzeGraph } from './analyze-graph';
import { buildDefinition, type PlannedNode, waitsIn } from './build-definition';
import { checkEdges } from './check-edges';
import { DiagnosticList, stepName } from './diagnostics';
import { digest } from './hash';
import { actions, guards } from './implementations';
import { executableConfig } from './machine-config';
import { namedSteps, type ResolvedNode, resolveNodes } from './resolve-nodes';
import { MAX_OUTPUTS_PER_STEP } from './run-context';
import type { CompiledJourney, CompiledNodeInfo, CompileResult } from './types';

/** Which journey and version a compilation is for; both end up in effects and run states. */
export interface CompileOptions {
  journeyId: string;
  version: number;
  /** Outputs one step may produce before it stops and asks to go on (default MAX_OUTPUTS_PER_STEP). */
  maxOutputsPerStep?: number;
}

/**
 * Compiles a journey document against a node registry into an XState machine plus
 * diagnostics. Never throws: a malformed document, an unknown node type or a broken plugin
 * becomes a diagnostic, and a journey with errors has no machine. Deterministic: the same
 * document gives the same definition and hash.
 */
export function compileJourney(
  document: unknown,
  registry: NodeRegistry,
  options: CompileOptions,
): CompileResult {
  const diagnostics = new DiagnosticList();
  try {
    const journey = parseDocument(document, registry, diagnostics);
    if (!journey) return { ok: false, diagnostics: diagnostics.list() };
    const resolved = resolveNodes(journey, registry, diagnostics);
    const step = namedSteps(journey, registry, resolved);
    const wiring = checkEdges(journey, resolved, diagnostics, step);
    analyzeGraph(journey, resolved, wiring, diagnostics, step);
    if (diagnostics.hasErrors()) return { ok: false, diagnostics: diagnostics.list() };

    const planned: PlannedNode[] = [...resolved.values()].map((entry) => ({
      id: entry.node.id,
      stage: entry.node.stage ?? null,
      compilation: entry.compilation,
      targets: wiring.targets.get(entry.node.id) ?? {},
    }));
    const definition = buildDefinition(planned, journey.settings);
    const compiled: CompiledJourney = {
      journeyId: options.journeyId,
      version: options.version,
      hash: documentHash(journey, resolved),
      machine: createJourneyMachine(definition, options.maxOutputsPerStep),
      definition,
      triggers: planned
        .filter((node) => node.compilation.trigger)
        .map((node) => ({
          nodeId: node.id,
          spec: node.compilation.trigger as NonNullable<NodeCompilation['trigger']>,
        })),
      nodes: Object.fromEntries(
        planned.map((node) => [node.id, nodeInfo(resolved.get(node.id) as ResolvedNode, node)]),
      ),
      settings: journey.settings,
      stages: journey.stages,
      trackedEvents: trackedEvents(planned),
      document: journey,
    };
    return { ok: true, journey: compiled, diagnostics: diagnostics.list() };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    diagnostics.error('internal-error', `The journey could not be compiled (${reason.slice(0, 200)}).`);
    return { ok: false, diagnostics: diagnostics.list() };
  }
}

/**
 * Creates the machine from a definition with the journey guards and bookkeeping actions by name,
 * running the definition's fused config (same states, fewer microsteps and context copies).
 */
export function createJourneyMachine(
  definition: Record<string, unknown>,
  maxOutputsPerStep = MAX_OUTPUTS_PER_STEP,
): AnyStateMachine {
  const machineSetup = setup({ guards, actions } as unknown as Parameters<typeof setup>[0]);
  const config = executableConfig(definition, maxOutputsPerStep);
  return machineSetup.createMachine(config as Parameters<typeof machineSetup.createMachine>[0]);
}

/** Shape first, then structure; structural errors still let the later checks run, for a fuller report. */
function parseDocument(
  document: unknown,
  registry: NodeRegistry,
  diagnostics: DiagnosticList,
): JourneyDocument | null {
  // Configs are not read yet, so an unlabelled step is named by its type's title alone.
  const parsed = parseJourney(document, (node) =>
    stepName({ node, nodeType: registry.get(node.type, node.typeVersion) ?? registry.latest(node.type) }),
  );
  for (const issue of parsed.issues) diagnostics.add(issue);
  if (parsed.ok) return parsed.journey;
  if (parsed.issues.some((issue) => issue.code === 'invalid-document')) return null;
  const shaped = JourneyDocumentSchema.safeParse(document);
  return shaped.success ? shaped.data : null;
}

/**
 * Hashes the document with each config as its schema parsed it, so defaults and key order do
 * not change the hash: the same journey always hashes the same, however it was serialized.
 */
function documentHash(journey: JourneyDocument, resolved: ReadonlyMap<string, ResolvedNode>): string {
  const nodes = journey.nodes.map((node) => ({
    ...node,
    config: resolved.get(node.id)?.config ?? node.config,
  }));
  return digest(JSON.stringify({ ...journey, nodes }));
}

function nodeInfo(entry: ResolvedNode, node: PlannedNode): CompiledNodeInfo {
  return {
    nodeId: node.id,
    type: entry.nodeType.type,
    typeVersion: entry.nodeType.version,
    stage: node.stage,
    waits: waitsIn(entry.compilation),
    ports: node.targets,
  };
}

/** Event names that event-count and event-order rules read, so the engine records only those in run history. */
function trackedEvents(nodes: readonly PlannedNode[]): string[] {
  const names = new Set<string>();
  const visit = (rule: Rule, depth: number) => {
    if (depth > 20) return;
    if ('all' in rule) for (const child of rule.all) visit(child, depth + 1);
    else if ('any' in rule) for (const child of rule.any) visit(child, depth + 1);
    else if ('eventCount' in rule) names.add(rule.eventCount.event);
    else if ('eventOrder' in rule) {
      names.add(rule.eventOrder.first);
      names.add(rule.eventOrder.second);
    }
  };
  for (const node of nodes) {
    for (const exit of node.compilation.exits) {
      if (exit.on === 'always' && exit.guard?.type === 'rules') visit(exit.guard.rules, 0);
    }
  }
  return [...names].sort();
}
