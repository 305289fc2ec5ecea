export { apiKeys } from './api-keys';
export {
  type ChannelSettingsRow,
  channelSettings,
  PROVIDER_CHANNELS,
  type ProviderChannel,
} from './channel-settings';
export { customers } from './customers';
export { type EventType, events } from './events';
export { sendRateWindows, workspaceGuardrails } from './guardrails';
export { journeyCounters, type RunOutcome } from './journey-counters';
export { journeyRuns } from './journey-runs';
export { journeyVersions } from './journey-versions';
export { type JourneyStatus, journeys } from './journeys';
export {
  type DeliveryAttempt,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  type Message,
  type MessageKind,
  type MessageStatus,
  messages,
} from './messages';
export { nodeCounters } from './node-counters';
export { runSteps, type Step, type StepKind } from './run-steps';
export { serverSecrets } from './server-secrets';
export { sessions } from './sessions';
export { type StageChange, stageHistory } from './stage-history';
export { type Suppression, suppressions } from './suppressions';
export { triggerSchedules } from './trigger-schedules';
export { workspaces } from './workspaces';
