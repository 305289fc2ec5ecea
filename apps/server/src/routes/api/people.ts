import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Role, roleRank } from '../../auth/permissions';
import { AppError, errorResponses } from '../../errors';
import { EmailSchema, InvitationSchema, MemberSchema, RoleSchema } from './people-schemas';

/** How long an invitation link works. */
const INVITATION_DAYS = 7;

/**
 * Settings > People: the workspace's members and open invitations. Changing someone needs
 * people:manage, and nobody grants or takes away more than their own role.
 */
export default async function peopleRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { users, invitations, workspaces } = app.repositories;
  const tags = ['People'];
  const UserParams = z.object({ userId: z.string().min(1).max(200) });

  /** Refuses a change to a role above the caller's own (an admin cannot make or unmake owners). */
  function checkReach(request: FastifyRequest, ...roles: Role[]): void {
    const own = request.credential!.role;
    const field = 'role';
    for (const role of roles)
      if (roleRank(role) > roleRank(own)) throw new AppError('role-too-high', { field });
  }

  app.get(
    '/people',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags,
        summary: "The workspace's people with their roles, and open invitations",
        response: {
          200: z.object({ people: z.array(MemberSchema), invitations: z.array(InvitationSchema) }),
        },
      },
    },
    async (request) => ({
      people: await users.members(request.workspaceId),
      invitations: (await invitations.listOpen(request.workspaceId)).map(
        ({ workspaceId: _w, ...rest }) => rest,
      ),
    }),
  );

  app.post(
    '/people/invitations',
    {
      config: { permission: 'people:manage' },
      schema: {
        tags,
        summary: 'Invite someone by email with a role; the link goes out by email (or the server log)',
        description: `The link works once, for ${INVITATION_DAYS} days; inviting the same email again withdraws the earlier link. Without an email channel the link is printed in the server log.`,
        body: z.object({ email: EmailSchema, role: RoleSchema }),
        response: {
          201: InvitationSchema.extend({ delivery: z.enum(['email', 'log']) }),
          ...errorResponses(400, 403),
        },
      },
    },
    async (request, reply) => {
      const { email, role } = request.body;
      checkReach(request, role);
      const credential = request.credential!;
      const invitation = await invitations.create({
        workspaceId: request.workspaceId,
        email,
        role,
        invitedBy: credential.userId,
        days: INVITATION_DAYS,
      });
      const workspace = await workspaces.get(request.workspaceId);
      const inviter = credential.userId ? await users.get(credential.userId) : null;
      const link = `${app.config.publicUrl}/accept-invitation#${invitation.token}`;
      const delivery = await app.sendAccountMail({
        workspaceId: request.workspaceId,
        to: invitation.email,
        subject: `Join ${workspace?.name ?? 'a workspace'} on Stagecraft`,
        text: `${inviter ? inviter.name || inviter.email : 'An admin'} invited you to ${workspace?.name ?? 'a workspace'} on Stagecraft as ${role}.\n\nAccept within ${INVITATION_DAYS} days:\n${link}`,
        link,
      });
      const { token: _token, workspaceId: _w, ...shown } = invitation;
      await app.audit(request, {
        action: 'people.invite',
        target: { kind: 'invitation', id: invitation.id },
        after: { email: invitation.email, role },
      });
      return reply.code(201).send({ ...shown, delivery });
    },
  );

  app.delete(
    '/people/invitations/:invitationId',
    {
      config: { permission: 'people:manage' },
      schema: {
        tags,
        summary: 'Withdraw an open invitation (its link stops working)',
        params: z.object({ invitationId: z.string().min(1).max(200) }),
        response: { 204: z.null(), ...errorResponses(403, 404) },
      },
    },
    async (request, reply) => {
      if (!(await invitations.revoke(request.workspaceId, request.params.invitationId))) {
        throw new AppError('invitation-not-found');
      }
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/people/:userId',
    {
      config: { permission: 'people:manage' },
      schema: {
        tags,
        summary: "Change someone's role (the last owner cannot be demoted)",
        params: UserParams,
        body: z.object({ role: RoleSchema }),
        response: { 200: MemberSchema, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (request) => {
      const { userId } = request.params;
      const { role } = request.body;
      const before = await users.role(request.workspaceId, userId);
      if (!before) throw new AppError('member-not-found');
      checkReach(request, before, role);
      if (
        before === 'owner' &&
        role !== 'owner' &&
        (await users.otherOwners(request.workspaceId, userId)) === 0
      ) {
        throw new AppError('last-owner');
      }
      await users.setMembership(request.workspaceId, userId, role);
      await app.audit(request, {
        action: 'people.role',
        target: { kind: 'user', id: userId },
        before: { role: before },
        after: { role },
      });
      const member = (await users.members(request.workspaceId)).find((m) => m.id === userId);
      if (!member) throw new AppError('member-not-found');
      return member;
    },
  );

  app.delete(
    '/people/:userId',
    {
      config: { permission: 'people:manage' },
      schema: {
        tags,
        summary: 'Remove someone from the workspace; their sessions in it end at once',
        params: UserParams,
        response: { 204: z.null(), ...errorResponses(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { userId } = request.params;
      const before = await users.role(request.workspaceId, userId);
      if (!before) throw new AppError('member-not-found');
      checkReach(request, before);
      if (before === 'owner' && (await users.otherOwners(request.workspaceId, userId)) === 0) {
        throw new AppError('last-owner');
      }
      await users.removeMembership(request.workspaceId, userId);
      await app.audit(request, {
        action: 'people.remove',
        target: { kind: 'user', id: userId },
        before: { role: before },
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/workspaces',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags: ['Workspaces'],
        summary: 'The workspaces the caller belongs to, with their role in each',
        description: 'A token belongs to one workspace; a person to every workspace they were invited to.',
        response: {
          200: z.object({
            workspaces: z.array(
              z.object({ id: z.string(), name: z.string(), role: RoleSchema, current: z.boolean() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const credential = request.credential!;
      const list = credential.userId
        ? await users.memberships(credential.userId)
        : [
            {
              workspaceId: credential.workspaceId,
              name: (await workspaces.get(credential.workspaceId))?.name ?? credential.workspaceId,
              role: credential.role,
            },
          ];
      return {
        workspaces: list.map((w) => ({
          id: w.workspaceId,
          name: w.name,
          role: w.role,
          current: w.workspaceId === request.workspaceId,
        })),
      };
    },
  );
}
