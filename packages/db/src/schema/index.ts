export { analyticsSettings } from './analytics-settings';
export { apiKeys, TOKEN_ROLES, type TokenRole } from './api-keys';
export { type AuditActorKind, auditEntries } from './audit-entries';
export {
  type ChannelSettingsRow,
  channelSettings,
  PROVIDER_CHANNELS,
  type ProviderChannel,
} from './channel-settings';
export { type ClvModelRow, clvModels } from './clv-models';
export { customerValues } from './customer-values';
export { customers } from './customers';
export { edgeCounters } from './edge-counters';
export { type EventType, events } from './events';
export { type ExperimentDecision, experimentDecisions } from './experiment-decisions';
export { experimentEntries } from './experiment-entries';
export { sendRateWindows, workspaceGuardrails } from './guardrails';
export { invitations } from './invitations';
export { jobs } from './jobs';
export { journeyCounters, type RunOutcome } from './journey-counters';
export { journeyRuns } from './journey-runs';
export { journeyVersions } from './journey-versions';
export { type JourneyStatus, journeys } from './journeys';
export { memberships, ROLES, type Role } from './memberships';
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
export { passwordResets } from './password-resets';
export { type PluginSettingsRow, pluginSettings } from './plugin-settings';
export {
  PUBLISH_REQUEST_STATUSES,
  type PublishRequestStatus,
  publishRequests,
} from './publish-requests';
export { runSteps, type Step, type StepKind } from './run-steps';
export { type SegmentRow, segmentChecks, segmentMembers, segmentSizes, segments } from './segments';
export { serverSecrets } from './server-secrets';
export { sessions } from './sessions';
export { signInFailures } from './sign-in-failures';
export { stageCounters } from './stage-counters';
export { type StageChange, stageHistory } from './stage-history';
export { type Suppression, suppressions } from './suppressions';
export { testClocks } from './test-clocks';
export { triggerSchedules } from './trigger-schedules';
export { users } from './users';
export { workspaces } from './workspaces';
