import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../plugins/app/auth';

/** Puts a new session's secret in the cookie: httpOnly, SameSite=Strict, only for /api, Secure over https. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { secret: string; expiresAt: string },
): void {
  reply.setCookie(SESSION_COOKIE, session.secret, {
    path: '/api',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    expires: new Date(session.expiresAt),
  });
}

/** Clears the session cookie (sign-out). */
export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/api' });
}
