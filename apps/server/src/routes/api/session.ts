import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../errors';
import { CSRF_HEADER, SESSION_COOKIE } from '../../plugins/app/auth';

const SessionSchema = z
  .object({
    via: z.enum(['session', 'admin-token']).describe('How this request was signed in'),
    csrfToken: z
      .string()
      .nullable()
      .describe(`Send it as ${CSRF_HEADER} with every POST, PUT and DELETE made with the session cookie`),
    expiresAt: z.string().nullable(),
    tokenId: z.string().nullable().describe('The admin token behind the request'),
  })
  .meta({ id: 'Session' });

/**
 * Editor sign-in: an admin token is exchanged for an httpOnly session cookie, so the token never
 * sits in the browser's storage. Automation keeps sending the token as a Bearer header.
 */
export default async function sessionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { apiKeys, sessions } = app.repositories;
  const tags = ['Settings'];

  app.post(
    '/session',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in: exchange an admin token for a session cookie',
        description: `Sets the ${SESSION_COOKIE} cookie (httpOnly, SameSite=Strict, Secure over https). Changes made with it need the returned csrfToken in ${CSRF_HEADER}.`,
        security: [],
        body: z.object({ token: z.string().trim().min(1).max(500) }),
        response: { 201: SessionSchema, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const key = await apiKeys.resolveAdminToken(request.body.token);
      if (!key) throw new AppError('invalid-admin-token', { field: 'token' });
      const session = await sessions.create(key.workspaceId, key.keyId, app.config.sessionHours);
      reply.setCookie(SESSION_COOKIE, session.secret, {
        path: '/api',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        expires: new Date(session.expiresAt),
      });
      return reply.code(201).send({
        via: 'session' as const,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
        tokenId: key.keyId,
      });
    },
  );

  app.get(
    '/session',
    {
      schema: {
        tags,
        summary: 'How this request is signed in, and the CSRF token of its session',
        response: { 200: SessionSchema },
      },
    },
    async (request) => {
      const credential = request.credential!;
      const session = credential.kind === 'session';
      return {
        via: session ? ('session' as const) : ('admin-token' as const),
        csrfToken: credential.csrfToken ?? null,
        expiresAt: session
          ? ((await sessions.resolve(request.cookies[SESSION_COOKIE]!))?.expiresAt ?? null)
          : null,
        tokenId: credential.apiKeyId,
      };
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        tags,
        summary: 'Sign out: ends the session and clears its cookie',
        response: { 204: z.null(), ...errorResponses(403) },
      },
    },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await sessions.delete(secret);
      reply.clearCookie(SESSION_COOKIE, { path: '/api' });
      return reply.code(204).send(null);
    },
  );
}
