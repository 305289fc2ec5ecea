export { createRuntime, type LocalRuntime } from './create-runtime';
export { SIGNATURE_HEADER, sign, verifySignature } from './signature';
export {
  type ChannelProvider,
  type CustomerDetail,
  type CustomerRun,
  type CustomerSummary,
  type DeliveryOptions,
  type IngestMessage,
  type JourneyStats,
  type MessageRow,
  type MigrationPlan,
  type MigrationPreview,
  type NodeStats,
  type OutboundMessage,
  type Runtime,
  RuntimeError,
  type RuntimeLogger,
  type RuntimeOptions,
  type TimelineEntry,
} from './types';
export { DeliveryError } from './webhook-channel';
