import type { AuditActorKind } from '@stagecraft/db';
import type { FastifyRequest } from 'fastify';
import { DEFAULT_WORKSPACE_ID } from '../repositories/workspaces';

/** The changes the audit trail records, by name. */
export type AuditAction =
  | 'journey.publish'
  | 'journey.pause'
  | 'journey.resume'
  | 'journey.archive'
  | 'journey.restore'
  | 'journey.migrate'
  | 'journey.draft'
  | 'segment.create'
  | 'segment.update'
  | 'segment.delete'
  | 'experiment.promote'
  | 'experiment.stop'
  | 'settings.update'
  | 'channels.update'
  | 'keys.create'
  | 'keys.revoke'
  | 'people.owner'
  | 'people.invite'
  | 'people.role'
  | 'people.remove'
  | 'session.sign-in'
  | 'session.sign-in-failed'
  | 'workspace.create';

/** What a route says about a change: what was done, to what, and the state before and after. */
export interface AuditInput {
  action: AuditAction;
  target: { kind: string; id: string };
  before?: unknown;
  after?: unknown;
}

/**
 * Draft saves are coalesced per editing session: the first save of a journey by an actor is
 * recorded, and further saves by the same actor within this window add nothing.
 */
export const DRAFT_SESSION_MS = 10 * 60 * 1000;

/** Who a request acts as: its user, else the API token behind it (a session opened with a token acts as it). */
export function auditActor(request: FastifyRequest): { kind: AuditActorKind; id: string } {
  const credential = request.credential;
  if (!credential) return { kind: 'system', id: 'anonymous' };
  if (credential.userId) return { kind: 'user', id: credential.userId };
  return { kind: 'token', id: credential.apiKeyId ?? credential.id };
}

/**
 * Appends one entry to the request's workspace trail: the actor from its credential, the address
 * from `request.ip`. Called after the change succeeded; `workspaceId` overrides the workspace for
 * changes made to another one (creating a workspace, a token in a workspace the caller created).
 * A request that has no workspace yet (a sign-in, a failed one) is recorded in the default
 * workspace's trail, the instance owner's. `actor` names who acted when the request's credential
 * cannot (the first-run owner account, made with the admin token sent in the body).
 */
export async function recordAudit(
  request: FastifyRequest,
  entry: AuditInput & { workspaceId?: string; actor?: { kind: AuditActorKind; id: string } },
): Promise<void> {
  const { audit } = request.server.repositories;
  const row = {
    workspaceId: entry.workspaceId ?? (request.workspaceId || DEFAULT_WORKSPACE_ID),
    actor: entry.actor ?? auditActor(request),
    address: request.ip || null,
    action: entry.action,
    target: entry.target,
    before: entry.before,
    after: entry.after,
  };
  if (entry.action === 'journey.draft') await audit.appendUnlessRecent(row, DRAFT_SESSION_MS);
  else await audit.append(row);
}
