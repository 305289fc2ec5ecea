import { TOKEN_ROLES, type TokenRole } from '@stagecraft/db';
import type { FastifyRequest } from 'fastify';
import { auditActor } from '../../audit/record';
import { AppError } from '../../errors';
import { DEFAULT_WORKSPACE_ID } from '../../repositories/workspaces';

/**
 * The workspace a `/workspaces/:id/…` URL names, when the caller may act in it: its own
 * workspace, one its person is a member of, or one its user or token created. Any other id answers 404, never 403 and never
 * data, so ids of other workspaces cannot be probed.
 */
export async function workspaceInReach(request: FastifyRequest, id: string): Promise<string> {
  if (id === request.workspaceId) return id;
  const userId = request.credential?.userId;
  if (userId && (await request.server.repositories.users.role(id, userId))) return id;
  const actor = auditActor(request);
  if (actor.kind !== 'system' && (await request.server.repositories.workspaces.createdBy(id, actor.id))) {
    return id;
  }
  throw new AppError('workspace-not-found');
}

/** The role the request's credential acts with in its workspace. */
export function credentialRole(request: FastifyRequest): TokenRole {
  return request.credential?.role ?? 'viewer';
}

/**
 * Refuses anyone but the instance's owner: an owner of the default workspace (the instance admin
 * token printed at first start is one). Owning another workspace is not enough to create more.
 */
export function requireInstanceOwner(request: FastifyRequest): void {
  if (request.workspaceId !== DEFAULT_WORKSPACE_ID || credentialRole(request) !== 'owner') {
    throw new AppError('instance-owner-only');
  }
}

/** Refuses to make a token more powerful than the credential asking for it. */
export function refuseRoleAboveCaller(request: FastifyRequest, role: TokenRole): void {
  if (TOKEN_ROLES.indexOf(role) > TOKEN_ROLES.indexOf(credentialRole(request))) {
    throw new AppError('role-above-yours', { field: 'role' });
  }
}
