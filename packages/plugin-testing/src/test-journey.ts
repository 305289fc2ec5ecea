import { type CompiledJourney, compileJourney, type Diagnostic } from '@stagecraft/compiler';
import type { JourneyDocumentInput } from '@stagecraft/graph';
import { builtinNodeTypes } from '@stagecraft/nodes';
import {
  type AnyNodeType,
  createRegistry,
  defineNodeType,
  type NodeRegistry,
  portsOfConfig,
} from '@stagecraft/sdk';
import { z } from 'zod';

/** Id of the step under test in the journey the kit builds around it. */
export const STEP_ID = 'step';
/** Id of the trigger the customer enters through. */
export const TRIGGER_ID = 'trigger';

/**
 * A step that stands for an earlier step of the run: it stores the data it is given, so the
 * step under test reads it in `outputs` exactly as it would read a real earlier step's.
 */
export const storedOutput = defineNodeType({
  type: 'plugin-testing/stored-output',
  version: 1,
  title: 'Earlier step',
  description: 'Stores the given data as an earlier step of the run would.',
  category: 'action',
  icon: 'database',
  configSchema: z.object({ data: z.unknown() }),
  defaults: { data: null },
  ports: [{ id: 'out', label: 'Next' }],
  compile: (config) => ({
    actions: [{ type: 'plugin', params: { data: config.data as never } }],
    exits: [{ on: 'result', ok: true, port: 'out' }],
  }),
  execute: async ({ params }) => ({ ok: true, data: params.data }),
});

/** What to build the journey around the step from. */
export interface TestJourneyOptions {
  nodeType: AnyNodeType;
  config: unknown;
  /** The event that lets the customer in; null enters through the API. */
  eventName: string | null;
  /** Earlier steps' stored data, by step id; each becomes a step before the one under test. */
  outputs: Readonly<Record<string, unknown>>;
  /** Other node types the journey may need, e.g. other versions of the one under test. */
  nodeTypes: readonly AnyNodeType[];
}

export type CompiledTestJourney =
  | { ok: true; journey: CompiledJourney; registry: NodeRegistry; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/**
 * Compiles the step inside a journey with the built-in node types, as the server would: a
 * trigger, one step per earlier output, the step under test, and an exit behind each of its ports.
 */
export function compileTestJourney(options: TestJourneyOptions): CompiledTestJourney {
  const { nodeType, config } = options;
  const registry = createRegistry([
    ...builtinNodeTypes.filter((builtin) => builtin.type !== nodeType.type),
    storedOutput,
    ...options.nodeTypes.filter((extra) => extra !== nodeType),
    nodeType,
  ]);
  const trigger =
    options.eventName === null
      ? node(TRIGGER_ID, 'api-trigger', {})
      : node(TRIGGER_ID, 'event-trigger', { event: options.eventName, where: [] });
  const earlier = Object.entries(options.outputs).map(([id, data]) => node(id, storedOutput.type, { data }));
  const ports = portsOfConfig(nodeType, config);
  const ends = ports.map((port) => node(`exit-${port.id}`, 'exit', {}));
  const line = [trigger.id, ...earlier.map((step) => step.id), STEP_ID];
  const document: JourneyDocumentInput = {
    name: `Testing ${nodeType.type}`,
    nodes: [
      trigger,
      ...earlier,
      { ...node(STEP_ID, nodeType.type, config), typeVersion: nodeType.version },
      ...ends,
    ],
    edges: [
      ...line.slice(1).map((target, index) => edge(line[index] as string, 'out', target)),
      ...ports.map((port) => edge(STEP_ID, port.id, `exit-${port.id}`)),
    ],
  };
  const result = compileJourney(document, registry, { journeyId: 'test-journey', version: 1 });
  return result.ok ? { ...result, registry } : result;
}

type NodeInput = JourneyDocumentInput['nodes'][number];

function node(id: string, type: string, config: unknown): NodeInput {
  return { id, type, typeVersion: 1, position: { x: 0, y: 0 }, config: config as Record<string, unknown> };
}

function edge(source: string, port: string, target: string): JourneyDocumentInput['edges'][number] {
  return { id: `${source}--${port}--${target}`, source, sourcePort: port, target };
}
