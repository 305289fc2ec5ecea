import type { Database } from '@stagecraft/db';
import { createApiKeysRepository } from './api-keys';
import { createAuditRepository } from './audit';
import { createExperimentsRepository } from './experiments';
import { createInvitationsRepository } from './invitations';
import { createJourneysRepository } from './journeys';
import { createLifecycleAnalyticsRepository } from './lifecycle-analytics';
import { createMessagesRepository } from './messages';
import { createPasswordResetsRepository } from './password-resets';
import { createPublishRequestsRepository } from './publish-requests';
import { createSecretsRepository } from './secrets';
import { createSessionsRepository } from './sessions';
import { createSettingsRepository } from './settings';
import { createSignInThrottle } from './sign-in-throttle';
import { createSuppressionsRepository } from './suppressions';
import { createUsersRepository } from './users';
import { createWorkspacesRepository } from './workspaces';

/** Every repository of the HTTP layer, over one database. */
export function createRepositories(database: Database, now: () => number = Date.now) {
  return {
    workspaces: createWorkspacesRepository(database.db),
    apiKeys: createApiKeysRepository(database.db, now),
    journeys: createJourneysRepository(database, now),
    experiments: createExperimentsRepository(database, now),
    secrets: createSecretsRepository(database.db),
    audit: createAuditRepository(database, now),
    settings: createSettingsRepository(database, now),
    suppressions: createSuppressionsRepository(database.db),
    lifecycle: createLifecycleAnalyticsRepository(database, now),
    messages: createMessagesRepository(database),
    sessions: createSessionsRepository(database.db, now),
    users: createUsersRepository(database.db, now),
    invitations: createInvitationsRepository(database.db, now),
    passwordResets: createPasswordResetsRepository(database.db, now),
    signInThrottle: createSignInThrottle(database.db, now),
    publishRequests: createPublishRequestsRepository(database.db, now),
  };
}

/** The repositories decorated on the Fastify instance. */
export type Repositories = ReturnType<typeof createRepositories>;

export type { KeySummary, TokenSummary, WriteKeySummary } from './api-keys';
export type { AuditEntry } from './audit';
export type { InvitationRecord, OpenInvitation } from './invitations';
export type { JourneyRecord, JourneySummary, VersionRecord, VersionSummary } from './journeys';
export type { SessionRecord } from './sessions';
export type { MemberRecord, MembershipRecord, UserRecord } from './users';
export { DEFAULT_WORKSPACE_ID, type WorkspaceRecord } from './workspaces';
