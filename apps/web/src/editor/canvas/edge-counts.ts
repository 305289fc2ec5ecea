import type { JourneyDocument } from '@stagecraft/graph';
import type { EdgeStats } from '../../api/types';

/** What a connection shows on a published journey: runs through it, its share, its conversion. */
export interface EdgeCount {
  passed: number;
  /** Of the runs that left the step, the share through this connection (steps with one way out: null). */
  share: number | null;
  /** Of the runs through this connection, the share that reached the journey's goal (no goal: null). */
  conversion: number | null;
  text: string;
}

const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;

/**
 * Each connection's numbers, by edge id: runs through its step's port, the share of the step's
 * runs that took it when the step branches, and conversion to the goal when the journey has one.
 */
export function edgeCounts(doc: JourneyDocument, stats: readonly EdgeStats[]): Map<string, EdgeCount> {
  const byPort = new Map(stats.map((s) => [`${s.nodeId}\u0000${s.port}`, s]));
  const leftByNode = new Map<string, number>();
  const portsByNode = new Map<string, Set<string>>();
  for (const edge of doc.edges) {
    const ports = portsByNode.get(edge.source) ?? new Set<string>();
    ports.add(edge.sourcePort);
    portsByNode.set(edge.source, ports);
  }
  for (const s of stats) leftByNode.set(s.nodeId, (leftByNode.get(s.nodeId) ?? 0) + s.passed);
  const hasGoal = doc.settings.goal !== null && doc.settings.goal !== undefined;
  const counts = new Map<string, EdgeCount>();
  for (const edge of doc.edges) {
    const s = byPort.get(`${edge.source}\u0000${edge.sourcePort}`);
    const passed = s?.passed ?? 0;
    const left = leftByNode.get(edge.source) ?? 0;
    const branches = (portsByNode.get(edge.source)?.size ?? 0) > 1;
    const share = branches && left > 0 ? passed / left : null;
    const conversion = hasGoal && passed > 0 ? (s?.converted ?? 0) / passed : null;
    const parts = [passed.toLocaleString('en-US')];
    if (share !== null) parts.push(percent(share));
    if (conversion !== null) parts.push(`${percent(conversion)} conv.`);
    counts.set(edge.id, { passed, share, conversion, text: parts.join(' · ') });
  }
  return counts;
}
