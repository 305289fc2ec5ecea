export type { ClvModelView, CustomerClv } from './analytics/clv';
export type { Interval, MetricPoint, MetricSeries, MetricUnit } from './analytics/metrics';
export type { AnalyticsSettings } from './analytics/settings';
export type { StageFunnelRow } from './analytics/stages';
export { type BuildAppOptions, buildApp, DEFAULT_WEB_ROOT } from './app';
export { type Config, ConfigError, loadConfig } from './config';
export { AppError, ERROR_CATALOG, type ErrorBody, type ErrorCode } from './errors';
export type { DecisionView, ExperimentView } from './experiments/results';
export type { ChangeSummary, NodeRef } from './journeys/diff';
export type { NodePreview } from './journeys/preview-node';
export {
  createPluginHost,
  loadPluginHost,
  loadPlugins,
  PluginError,
  type PluginHost,
  type PluginPackage,
  readPluginConfig,
} from './plugin-packages/index';
export type { KeySummary, TokenSummary } from './repositories/api-keys';
export type { AuditEntry } from './repositories/audit';
export { createRepositories, type Repositories } from './repositories/index';
export type { JourneySummary, Publisher, VersionSummary } from './repositories/journeys';
export type { NodeTypeEntry } from './routes/api/catalog';
export type { ChannelProviderKindView } from './routes/api/channels';
export type { ExperimentSummary } from './routes/api/experiment-schemas';
export type { PublishRequestView } from './routes/api/journeys/approvals';
export type { PluginSettingsEntry } from './routes/api/plugin-settings';
export type {
  CustomerDetail,
  CustomerRun,
  CustomerSummary,
  EdgeStats,
  JourneyStats,
  MessageRow,
  MigrationPlan,
  MigrationPreview,
  NodeStats,
  TimelineEntry,
} from './runtime/types';
export { type BootstrapResult, bootstrap } from './seed/bootstrap';
export { type RunningServer, startServer } from './start';
