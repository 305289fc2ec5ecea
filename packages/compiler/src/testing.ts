import type { JourneyDocumentInput } from '@stagecraft/graph';
import { type AnyStateMachine, setup } from 'xstate';
import { actions, guards } from './implementations';

type NodeInput = JourneyDocumentInput['nodes'][number];
type EdgeInput = JourneyDocumentInput['edges'][number];

/** A node for a test journey: id, type and config, at version 1 unless told otherwise. */
export function node(
  id: string,
  type: string,
  config: Record<string, unknown> = {},
  extra: Partial<NodeInput> = {},
): NodeInput {
  return { id, type, typeVersion: 1, position: { x: 0, y: 0 }, config, ...extra };
}

/** A connection from `source` (through `port`, default "out") to `target`; its id names both ends. */
export function edge(source: string, target: string, port = 'out'): EdgeInput {
  return { id: `${source}--${port}--${target}`, source, sourcePort: port, target };
}

/** A journey document around the given nodes and edges. */
export function journeyDoc(
  nodes: NodeInput[],
  edges: EdgeInput[],
  extra: Partial<JourneyDocumentInput> = {},
): JourneyDocumentInput {
  return { name: 'Test journey', nodes, edges, ...extra };
}

/** Connects nodes in a line through their "out" ports. */
export function chain(...ids: string[]): EdgeInput[] {
  return ids.slice(1).map((target, index) => edge(ids[index] as string, target));
}

/** The machine built from a definition exactly as written, without fused transitions, to check the real one against. */
export function literalMachine(definition: Record<string, unknown>): AnyStateMachine {
  const machineSetup = setup({ guards, actions } as unknown as Parameters<typeof setup>[0]);
  return machineSetup.createMachine(definition as Parameters<typeof machineSetup.createMachine>[0]);
}
