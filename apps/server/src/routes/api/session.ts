import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verifyAgainstDecoy, verifyPassword } from '../../auth/passwords';
import { PERMISSION_NAMES, permissionsOf, ROLES, type Role } from '../../auth/permissions';
import { clearSessionCookie } from '../../auth/session-cookie';
import { AppError, errorResponses } from '../../errors';
import type { OpenedSession } from '../../plugins/app/accounts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../plugins/app/auth';
import { normalizeEmail, type UserRecord } from '../../repositories/users';
import { EmailSchema, PasswordInputSchema, UserSchema } from './people-schemas';

export const SessionSchema = z
  .object({
    via: z.enum(['session', 'admin-token']).describe('How this request was signed in'),
    csrfToken: z
      .string()
      .nullable()
      .describe(`Send it as ${CSRF_HEADER} with every POST, PUT and DELETE made with the session cookie`),
    expiresAt: z.string().nullable(),
    tokenId: z.string().nullable().describe('The admin token behind the request'),
    user: UserSchema.nullable().describe('The person signed in; null for a token'),
    workspaceId: z.string().describe('The workspace requests act in'),
    role: z.enum(ROLES),
    permissions: z
      .array(z.enum(PERMISSION_NAMES))
      .describe('What the role allows, for showing only what works'),
  })
  .meta({ id: 'Session' });

/** A signed-in session as GET /api/session shows it, for the routes that open or move one. */
export function sessionAnswer(
  session: Pick<OpenedSession, 'workspaceId'> & { csrfToken: string | null; expiresAt: string | null },
  user: UserRecord | null,
  role: Role,
  tokenId: string | null,
): z.infer<typeof SessionSchema> {
  return {
    via: 'session',
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
    tokenId,
    user,
    workspaceId: session.workspaceId,
    role,
    permissions: permissionsOf(role),
  };
}

const SignInSchema = z.object({
  email: EmailSchema.optional(),
  password: PasswordInputSchema.optional(),
  token: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .optional()
    .describe('Before any account exists only: the admin token printed at first start'),
});

/**
 * Editor sign-in with email and password into an httpOnly session cookie. Before any account
 * exists (first run) the admin token printed at start signs in instead; after that it is for
 * automation, sent as a Bearer header.
 */
export default async function sessionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { apiKeys, sessions, users, signInThrottle } = app.repositories;
  const tags = ['Session'];

  app.post(
    '/session',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in with email and password (or, before any account exists, the admin token)',
        description: `Sets the ${SESSION_COOKIE} cookie (httpOnly, SameSite=Strict, Secure over https). Changes made with it need the returned csrfToken in ${CSRF_HEADER}. Failed sign-ins are counted per account and per address; past the limit the answer is 429 with Retry-After.`,
        security: [],
        body: SignInSchema,
        response: { 201: SessionSchema, ...errorResponses(400, 403, 429) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (body.token !== undefined) {
        if (await users.any()) throw new AppError('token-sign-in-closed', { field: 'token' });
        const key = await apiKeys.resolveAdminToken(body.token);
        if (!key) throw new AppError('invalid-admin-token', { field: 'token' });
        const opened = await app.openSession(request, reply, key.workspaceId, { apiKeyId: key.keyId });
        return reply.code(201).send(sessionAnswer(opened, null, 'owner', key.keyId));
      }
      if (body.email === undefined || body.password === undefined) {
        const field = body.email === undefined ? 'email' : 'password';
        throw new AppError('invalid-request', {
          field,
          message: `Send "email" and "password" to sign in; "${field}" is missing.`,
        });
      }
      const email = normalizeEmail(body.email);
      const wait = await signInThrottle.retryAfter(email, request.ip);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new AppError('too-many-sign-ins');
      }
      const account = await users.credentials(email);
      const ok = account?.passwordHash
        ? await verifyPassword(body.password, account.passwordHash)
        : await verifyAgainstDecoy(body.password);
      if (!ok || !account) {
        await signInThrottle.fail(email, request.ip);
        await app.audit(request, {
          action: 'session.sign-in-failed',
          target: { kind: 'user', id: account?.id ?? email },
        });
        throw new AppError('invalid-credentials', { field: 'password' });
      }
      await signInThrottle.succeed(email);
      const [first] = await users.memberships(account.id);
      if (!first) {
        throw new AppError('permission-denied', {
          message: 'You belong to no workspace any more; ask an owner of one to invite you again.',
        });
      }
      const { passwordHash: _hash, ...user } = account;
      const opened = await app.openSession(request, reply, first.workspaceId, { userId: user.id });
      request.credential = {
        kind: 'session',
        id: opened.sessionId,
        workspaceId: opened.workspaceId,
        apiKeyId: null,
        userId: user.id,
        role: first.role,
      };
      await app.audit(request, { action: 'session.sign-in', target: { kind: 'user', id: user.id } });
      return reply.code(201).send(sessionAnswer(opened, user, first.role, null));
    },
  );

  app.get(
    '/session',
    {
      // Every role holds settings:read: anyone signed in may see how they are signed in.
      config: { permission: 'settings:read' },
      schema: {
        tags,
        summary: 'How this request is signed in: the person, workspace, role and CSRF token',
        response: { 200: SessionSchema },
      },
    },
    async (request) => {
      const credential = request.credential!;
      const session = credential.kind === 'session';
      const user = credential.userId ? await users.get(credential.userId) : null;
      return {
        via: session ? ('session' as const) : ('admin-token' as const),
        csrfToken: credential.csrfToken ?? null,
        expiresAt: session
          ? ((await sessions.resolve(request.cookies[SESSION_COOKIE]!))?.expiresAt ?? null)
          : null,
        tokenId: credential.apiKeyId,
        user,
        workspaceId: credential.workspaceId,
        role: credential.role,
        permissions: permissionsOf(credential.role),
      };
    },
  );

  app.delete(
    '/session',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags,
        summary: 'Sign out: ends the session and clears its cookie',
        response: { 204: z.null(), ...errorResponses(403) },
      },
    },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await sessions.delete(secret);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/session/all',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags,
        summary: 'Sign out everywhere: ends every session of the signed-in person, in every browser',
        response: { 200: z.object({ ended: z.number().int() }), ...errorResponses(403) },
      },
    },
    async (request, reply) => {
      const { userId } = request.credential!;
      const secret = request.cookies[SESSION_COOKIE];
      let ended = userId ? await sessions.deleteForUser(userId) : 0;
      if (!userId && secret) ended += (await sessions.delete(secret)) ? 1 : 0;
      clearSessionCookie(reply);
      return { ended };
    },
  );

  app.post(
    '/session/workspace',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags,
        summary: 'Switch the session to another workspace the person belongs to (404 otherwise)',
        body: z.object({ workspaceId: z.string().trim().min(1).max(200) }),
        response: { 200: SessionSchema, ...errorResponses(403, 404) },
      },
    },
    async (request) => {
      const credential = request.credential!;
      const { workspaceId } = request.body;
      const role = credential.userId ? await users.role(workspaceId, credential.userId) : null;
      // A token, and a session opened with one, belong to their workspace only.
      if (!role || credential.kind !== 'session')
        throw new AppError('workspace-not-found', { field: 'workspaceId' });
      await sessions.switchWorkspace(credential.id, workspaceId);
      const user = await users.get(credential.userId!);
      const expiresAt = (await sessions.resolve(request.cookies[SESSION_COOKIE]!))?.expiresAt ?? null;
      return sessionAnswer(
        { workspaceId, csrfToken: credential.csrfToken ?? null, expiresAt },
        user,
        role,
        null,
      );
    },
  );
}
