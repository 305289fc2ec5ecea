import type { JourneyNode } from '@stagecraft/graph';
import type { Edge, Node } from '@xyflow/react';
import type { NodeStats, PortSpec } from '../../api/types';
import type { ArmRate } from '../../experiments/ArmRates';
import type { EdgeCount } from './edge-counts';

/** How a step looks in a simulation: where the test customer is now, or a step they passed. */
export type SimulationMark = 'current' | 'visited' | null;

/** Everything a step card shows; primitives where possible so memoized cards skip unchanged data. */
export interface JourneyNodeData extends Record<string, unknown> {
  node: JourneyNode;
  title: string;
  typeTitle: string;
  /** The line under the title: the server's summary of the config, else the type's description. */
  summary: string;
  icon: string;
  /** The URL of the plugin's own card view, drawn in place of the summary; null for the standard card. */
  cardView: string | null;
  category: 'trigger' | 'flow' | 'action' | 'unknown';
  hasInput: boolean;
  ports: PortSpec[];
  /** Ports that connections still use but the step no longer has (an arm was removed). */
  stalePorts: string[];
  stageName: string | null;
  stageColor: string | null;
  errors: number;
  warnings: number;
  problem: string | null;
  counts: NodeStats | null;
  /** A split's live results on a published journey: each arm's rate and interval. */
  experiment: readonly ArmRate[] | null;
  simulation: SimulationMark;
}

export type FlowNode = Node<JourneyNodeData, 'journey'>;
export type FlowEdge = Edge<{ highlighted: boolean; count?: EdgeCount | null }>;
