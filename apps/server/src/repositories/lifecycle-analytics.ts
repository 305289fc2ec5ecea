import type { Database } from '@stagecraft/db';
import type { Stage } from '@stagecraft/graph';
import { lifecycleMetrics } from '../analytics/metrics';
import type { AnalyticsSettings } from '../analytics/settings';
import { stageFunnel } from '../analytics/stages';

/** A period of the lifecycle reports, in the workspace's zone. */
interface Period {
  timeZone: string;
  from: string;
  to: string;
}

/** The lifecycle reports of one workspace: the stage funnel and metrics over time. */
export function createLifecycleAnalyticsRepository(database: Database, now: () => number) {
  return {
    stageFunnel: (workspaceId: string, options: Period & { stages: Stage[]; churnDays: number }) =>
      stageFunnel(database.sql, { workspaceId, ...options, now: now() }),
    metrics: (
      workspaceId: string,
      options: Period & { interval: 'day' | 'week' | 'month' },
      settings: AnalyticsSettings,
    ) => lifecycleMetrics({ sql: database.sql, workspaceId, ...options }, settings),
  };
}
