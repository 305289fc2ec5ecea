import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from '../../auth/passwords';
import { roleRank } from '../../auth/permissions';
import { AppError, errorResponses } from '../../errors';
import { RESET_MINUTES } from '../../repositories/password-resets';
import { normalizeEmail } from '../../repositories/users';
import {
  EmailSchema,
  NameSchema,
  NewPasswordSchema,
  PasswordInputSchema,
  RoleSchema,
} from './people-schemas';
import { SessionSchema, sessionAnswer } from './session';

const LinkTokenSchema = z.string().trim().min(1).max(200);

/**
 * Routes reached before signing in: first-run owner creation, password reset links and
 * accepting an invitation. Link secrets travel in bodies, never in URLs, so no log keeps them.
 */
export default async function accountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { apiKeys, users, invitations, passwordResets, signInThrottle } = app.repositories;
  const tags = ['Session'];
  const publicRoute = { public: true } as const;

  app.get(
    '/setup',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Whether the owner account still has to be created (first run)',
        security: [],
        response: { 200: z.object({ ownerExists: z.boolean() }) },
      },
    },
    async () => ({ ownerExists: await users.any() }),
  );

  app.post(
    '/setup/owner',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'First run: create the owner account with the admin token printed at start, and sign in',
        description:
          'Works once, before any account exists. The owner joins the workspace of the token; the token stays valid for automation.',
        security: [],
        body: z.object({
          token: z.string().trim().min(1).max(500),
          email: EmailSchema,
          name: NameSchema.default(''),
          password: NewPasswordSchema,
        }),
        response: { 201: SessionSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const { token, email, name, password } = request.body;
      const key = await apiKeys.resolveAdminToken(token);
      if (!key) throw new AppError('invalid-admin-token', { field: 'token' });
      if (await users.any()) throw new AppError('owner-exists');
      const user = await users.create({ email, name, passwordHash: await hashPassword(password) });
      // Two first runs at once: the slower one finds the account made.
      if (!user) throw new AppError('owner-exists');
      await users.setMembership(key.workspaceId, user.id, 'owner');
      await app.audit(request, {
        action: 'people.owner',
        target: { kind: 'user', id: user.id },
        after: { email: user.email, role: 'owner' },
        workspaceId: key.workspaceId,
        actor: { kind: 'token', id: key.keyId },
      });
      const opened = await app.openSession(request, reply, key.workspaceId, { userId: user.id });
      return reply.code(201).send(sessionAnswer(opened, user, 'owner', null));
    },
  );

  app.post(
    '/password-resets',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Send a password reset link to an account’s email (always 202, whether or not it exists)',
        description: `The link works once, for ${RESET_MINUTES} minutes. It goes out by the email channel of the person's workspace, or is printed in the server log when none is configured. At most 3 links go to one account per 15 minutes.`,
        security: [],
        body: z.object({ email: EmailSchema }),
        response: { 202: z.object({ sent: z.literal(true) }), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const email = normalizeEmail(request.body.email);
      const user = await users.byEmail(email);
      const [workspace] = user ? await users.memberships(user.id) : [];
      // Past a few links per window, asking again answers the same and sends nothing.
      if (user && workspace && (await signInThrottle.allowReset(email))) {
        const link = `${app.config.publicUrl}/reset-password#${await passwordResets.create(user.id)}`;
        // Not awaited: the answer takes as long whether or not the account exists, and a slow
        // mail server does not hold it. The mailer logs the link when the send fails.
        void app
          .sendAccountMail({
            workspaceId: workspace.workspaceId,
            to: user.email,
            subject: 'Reset your Stagecraft password',
            text: `Someone asked to reset the password of ${user.email} on Stagecraft.\n\nChoose a new password within ${RESET_MINUTES} minutes:\n${link}\n\nIf it was not you, ignore this email; your password stays as it is.`,
            link,
          })
          .catch((error) => app.log.error({ err: error }, 'The password reset email failed.'));
      }
      return reply.code(202).send({ sent: true as const });
    },
  );

  app.post(
    '/password-resets/confirm',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Choose a new password with a reset link; every session of the account ends',
        security: [],
        body: z.object({ token: LinkTokenSchema, password: NewPasswordSchema }),
        response: { 204: z.null(), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const userId = await passwordResets.use(request.body.token);
      if (!userId) throw new AppError('reset-link-invalid', { field: 'token' });
      await users.setPassword(userId, await hashPassword(request.body.password));
      const user = await users.get(userId);
      if (user) await signInThrottle.succeed(user.email);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/invitations/lookup',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'What an invitation link offers: the workspace, email, role, and whether the account exists',
        security: [],
        body: z.object({ token: LinkTokenSchema }),
        response: {
          200: z.object({
            workspaceName: z.string(),
            email: z.string(),
            role: RoleSchema,
            accountExists: z.boolean(),
          }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => {
      const invitation = await invitations.find(request.body.token);
      if (!invitation) throw new AppError('invitation-not-found', { field: 'token' });
      return {
        workspaceName: invitation.workspaceName,
        email: invitation.email,
        role: invitation.role,
        accountExists: (await users.byEmail(invitation.email)) !== null,
      };
    },
  );

  app.post(
    '/invitations/accept',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Accept an invitation: creates the account (name, password) or signs in to it (password)',
        description:
          'A person signed in as the invited email needs no password. The session opens in the invited workspace.',
        security: [],
        body: z.object({
          token: LinkTokenSchema,
          name: NameSchema.optional(),
          password: PasswordInputSchema.optional(),
        }),
        response: { 201: SessionSchema, ...errorResponses(400, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { token, name, password } = request.body;
      const invitation = await invitations.find(token);
      if (!invitation) throw new AppError('invitation-not-found', { field: 'token' });
      const signedIn = request.credential?.userId ? await users.get(request.credential.userId) : null;
      let user = signedIn;
      if (user && user.email !== invitation.email) throw new AppError('invitation-for-someone-else');
      if (!user) {
        const account = await users.credentials(invitation.email);
        if (!password) {
          throw new AppError('invalid-request', {
            field: 'password',
            message: account
              ? 'Enter the password of your account to accept.'
              : 'Choose a password for your new account.',
          });
        }
        if (account) {
          const wait = await signInThrottle.retryAfter(account.email, request.ip);
          if (wait > 0) {
            reply.header('retry-after', String(wait));
            throw new AppError('too-many-sign-ins');
          }
          const ok = account.passwordHash
            ? await verifyPassword(password, account.passwordHash)
            : await verifyAgainstDecoy(password);
          if (!ok) {
            await signInThrottle.fail(account.email, request.ip);
            throw new AppError('invalid-credentials', { field: 'password' });
          }
          const { passwordHash: _hash, ...found } = account;
          user = found;
        } else {
          const chosen = NewPasswordSchema.safeParse(password);
          if (!chosen.success) {
            throw new AppError('invalid-request', {
              field: 'password',
              message: `${chosen.error.issues[0]!.message.replace(/^./, (c) => c.toUpperCase())}.`,
            });
          }
          user = await users.create({
            email: invitation.email,
            name: name ?? '',
            passwordHash: await hashPassword(chosen.data),
          });
          if (!user) throw new AppError('email-taken');
        }
      }
      if (!(await invitations.accept(invitation.id)))
        throw new AppError('invitation-not-found', { field: 'token' });
      // Accepting never lowers a role the person already holds there (nor leaves a workspace ownerless).
      const held = await users.role(invitation.workspaceId, user.id);
      const role = held && roleRank(held) >= roleRank(invitation.role) ? held : invitation.role;
      await users.setMembership(invitation.workspaceId, user.id, role);
      const opened = await app.openSession(request, reply, invitation.workspaceId, { userId: user.id });
      return reply.code(201).send(sessionAnswer(opened, user, role, null));
    },
  );
}
