import type { ExperimentSummary, ExperimentView } from '@stagecraft/server';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { journeyKeys } from '../journeys/queries';

export type { ExperimentSummary, ExperimentView };

/** Query keys for experiments: the workspace's list, and each journey's results. */
export const experimentKeys = {
  all: ['experiments'] as const,
  list: () => [...experimentKeys.all, 'list'] as const,
  journey: (journeyId: string) => [...experimentKeys.all, 'journey', journeyId] as const,
};

const path = (journeyId: string, action = '') =>
  `/api/journeys/${encodeURIComponent(journeyId)}/experiments${action}`;

/** Query options for experiments; results are polled while shown, as the canvas numbers are. */
export const experimentQueries = {
  list: () =>
    queryOptions({
      queryKey: experimentKeys.list(),
      queryFn: ({ signal }) => api<{ experiments: ExperimentSummary[] }>('/api/experiments', { signal }),
      select: (data) => data.experiments,
    }),
  journey: (journeyId: string, enabled: boolean) =>
    queryOptions({
      queryKey: experimentKeys.journey(journeyId),
      queryFn: ({ signal }) => api<{ experiments: ExperimentView[] }>(path(journeyId), { signal }),
      select: (data) => data.experiments,
      enabled,
      refetchInterval: 15_000,
    }),
};

/** Stop or promote: afterwards the journey (a new version), its results and the list are stale. */
export function useExperimentDecision(journeyId: string) {
  const client = useQueryClient();
  const settled = () => {
    void client.invalidateQueries({ queryKey: experimentKeys.all });
    void client.invalidateQueries({ queryKey: journeyKeys.detail(journeyId) });
  };
  const stop = useMutation({
    mutationFn: (nodeId: string) =>
      api<ExperimentView>(path(journeyId, `/${encodeURIComponent(nodeId)}/stop`), { method: 'POST' }),
    onSettled: settled,
  });
  const promote = useMutation({
    mutationFn: (input: { nodeId: string; arm: string; keepHoldout: boolean; migrate: boolean }) =>
      api<ExperimentView>(path(journeyId, `/${encodeURIComponent(input.nodeId)}/promote`), {
        method: 'POST',
        body: { arm: input.arm, keepHoldout: input.keepHoldout, migrate: input.migrate },
      }),
    onSettled: settled,
  });
  return { stop, promote };
}
