import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { AnalyticsSettings, ClvModel, Interval, MetricSeries, StageFunnelRow } from '../api/types';

export interface Period {
  from: string;
  to: string;
}

/** Query keys for lifecycle analytics. */
export const analyticsKeys = {
  all: ['analytics'] as const,
  stages: (period: Period) => [...analyticsKeys.all, 'stages', period] as const,
  metrics: (period: Period, interval: Interval) =>
    [...analyticsKeys.all, 'metrics', period, interval] as const,
  clvModel: () => [...analyticsKeys.all, 'clv-model'] as const,
  settings: () => [...analyticsKeys.all, 'settings'] as const,
};

const range = ({ from, to }: Period) => `from=${from}&to=${to}`;

/** The stage funnel, metric series, the CLV model in use and the analytics settings. */
export const analyticsQueries = {
  stages: (period: Period) =>
    queryOptions({
      queryKey: analyticsKeys.stages(period),
      queryFn: ({ signal }) =>
        api<{ churnDays: number; stages: StageFunnelRow[] }>(`/api/analytics/stages?${range(period)}`, {
          signal,
        }),
      placeholderData: keepPreviousData,
    }),
  metrics: (period: Period, interval: Interval) =>
    queryOptions({
      queryKey: analyticsKeys.metrics(period, interval),
      queryFn: ({ signal }) =>
        api<{ currency: string; metrics: MetricSeries[] }>(
          `/api/analytics/metrics?${range(period)}&interval=${interval}`,
          { signal },
        ),
      placeholderData: keepPreviousData,
    }),
  clvModel: () =>
    queryOptions({
      queryKey: analyticsKeys.clvModel(),
      queryFn: ({ signal }) => api<ClvModel>('/api/analytics/clv/model', { signal }),
      retry: false,
    }),
  settings: () =>
    queryOptions({
      queryKey: analyticsKeys.settings(),
      queryFn: ({ signal }) => api<AnalyticsSettings>('/api/settings/analytics', { signal }),
    }),
};

/** Fits the CLV model now; the model and customer pages refresh after. */
export function useFitClv() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<ClvModel>('/api/analytics/clv/fit', { method: 'POST', body: {} }),
    onSuccess: (model) => {
      client.setQueryData(analyticsKeys.clvModel(), model);
      void client.invalidateQueries({ queryKey: ['customers'] });
    },
  });
}
