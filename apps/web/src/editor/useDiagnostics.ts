import type { GraphIssue, JourneyDocument } from '@stagecraft/graph';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PortSpec } from '../api/types';
import { journeyQueries } from '../journeys/queries';
import { learnSummaries } from './canvas/summaries';
import type { NodeProblems } from './canvas/to-flow';
import { problemsByNode } from './split-issues';

const DEBOUNCE_MS = 350;
const NO_ISSUES: GraphIssue[] = [];
const NO_PORTS: Record<string, PortSpec[]> = {};

/** The compiler's verdict on the draft, asked for shortly after each pause in editing. */
export interface Diagnostics {
  issues: GraphIssue[];
  ports: Record<string, PortSpec[]>;
  byNode: Map<string, NodeProblems>;
  errorCount: number;
  warningCount: number;
  /** True while the latest edit has not been checked yet. */
  checking: boolean;
  error: unknown;
  retry: () => void;
}

/** Validates the document on the server after a short pause in editing; results carry over between checks. */
export function useDiagnostics(journeyId: string, doc: JourneyDocument, enabled: boolean): Diagnostics {
  const change = useRef(0);
  const [target, setTarget] = useState({ change: 0, doc });
  useEffect(() => {
    change.current += 1;
    const current = change.current;
    // The first check runs at once so a freshly opened journey shows its problems immediately.
    const delay = current === 1 ? 0 : DEBOUNCE_MS;
    const timer = window.setTimeout(() => setTarget({ change: current, doc }), delay);
    return () => window.clearTimeout(timer);
  }, [doc]);
  const query = useQuery({
    ...journeyQueries.validation(journeyId, target.change, target.doc),
    enabled,
    placeholderData: keepPreviousData,
  });
  // Learnt while rendering, before the canvas below reads them; a placeholder answer belongs to an
  // older document, so its summaries are not filed under this one's configs.
  const fresh = query.isPlaceholderData ? undefined : query.data;
  useMemo(() => {
    if (fresh?.summaries) learnSummaries(target.doc.nodes, fresh.summaries);
  }, [fresh, target.doc]);
  const issues = query.data?.diagnostics ?? NO_ISSUES;
  const byNode = useMemo(() => problemsByNode(issues), [issues]);
  return {
    issues,
    ports: query.data?.ports ?? NO_PORTS,
    byNode,
    errorCount: issues.filter((issue) => issue.severity === 'error').length,
    warningCount: issues.filter((issue) => issue.severity === 'warning').length,
    checking: enabled && (query.isFetching || target.doc !== doc),
    error: query.error,
    retry: () => void query.refetch(),
  };
}
