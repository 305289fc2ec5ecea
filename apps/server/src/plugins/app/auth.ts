import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { can, type Role } from '../../auth/permissions';
import '../../auth/route-access';
import { AppError, type ErrorCode } from '../../errors';
import { csrfTokenOf } from '../../repositories/sessions';

/** The editor's session cookie; httpOnly, so page scripts never see it. */
export const SESSION_COOKIE = 'stagecraft_session';
/** The header a cookie-authenticated change must carry (the session's CSRF token). */
export const CSRF_HEADER = 'x-csrf-token';

/** Who sent a request, once their credential checked out. */
export interface Credential {
  kind: 'admin-token' | 'session' | 'write-key';
  /** The key's or the session's row: what rate limits count by. */
  id: string;
  workspaceId: string;
  /** The admin token behind the request: the token itself, or the one a session was opened with. */
  apiKeyId: string | null;
  /** The person signed in; null for tokens and write keys. */
  userId: string | null;
  /** What the credential may do in its workspace: the person's role, or the token's. */
  role: Role;
  /** For sessions: the token unsafe methods must send in X-CSRF-Token. */
  csrfToken?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The workspace the request's credential belongs to. */
    workspaceId: string;
    /** The checked credential, or null before the check or when none was valid. */
    credential: Credential | null;
    /** Why no credential was accepted, to answer with once rate limits have counted the request. */
    authFailure: ErrorCode | null;
  }
  interface FastifyInstance {
    /** onRequest for /api: reads a Bearer admin token or the session cookie; never throws. */
    identifyAdmin: (request: FastifyRequest) => Promise<void>;
    /**
     * onRequest for /api, after rate limits: refuses requests without a valid credential, without
     * the CSRF token, or whose role lacks the route's declared permission.
     */
    requireAdmin: (request: FastifyRequest) => Promise<void>;
    /** onRequest for /v1: reads the HTTP Basic write key before any body is read; never throws. */
    identifyWriteKey: (request: FastifyRequest) => Promise<void>;
    /** onRequest for /v1, after rate limits: refuses an unknown Basic key before the body is read or inflated. */
    refuseUnknownWriteKey: (request: FastifyRequest) => Promise<void>;
    /** preValidation for /v1: without a Basic key, the parsed (size-limited) body's `writeKey`. */
    requireWriteKey: (request: FastifyRequest) => Promise<void>;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The write key sent as the HTTP Basic user name, or null. */
export function basicWriteKey(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header?.toLowerCase().startsWith('basic ')) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
  return user || null;
}

function sameSecret(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

/** A write key's credential: it only appends events on /v1, so its role opens nothing on /api. */
function writeKeyCredential(key: { workspaceId: string; keyId: string }): Credential {
  return { kind: 'write-key', id: key.keyId, ...key, apiKeyId: null, userId: null, role: 'viewer' };
}

/**
 * Credentials for both faces of the server: admin tokens and editor sessions for /api, write
 * keys for /v1. Identifying and refusing are separate hooks so that rate limits, which run
 * between them, count failed attempts by client address.
 */
export default fp(
  async function auth(app: FastifyInstance) {
    const { apiKeys, sessions } = app.repositories;
    await app.register(cookie);
    app.decorateRequest('workspaceId', '');
    app.decorateRequest('credential', null);
    app.decorateRequest('authFailure', null);

    app.decorate('identifyAdmin', async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      if (header) {
        const match = /^bearer\s+(\S+)\s*$/i.exec(header);
        const key = match ? await apiKeys.resolveAdminToken(match[1]!) : null;
        // A token acts with its own role (the token printed at first start is the owner's).
        if (key) {
          request.credential = {
            kind: 'admin-token',
            id: key.keyId,
            ...key,
            apiKeyId: key.keyId,
            userId: null,
            role: key.role ?? 'owner',
          };
        } else request.authFailure = match ? 'invalid-admin-token' : 'missing-admin-token';
        return;
      }
      const secret = request.cookies[SESSION_COOKIE];
      if (!secret) {
        request.authFailure = 'missing-admin-token';
        return;
      }
      const session = await sessions.resolve(secret);
      if (!session) request.authFailure = 'session-expired';
      else {
        request.credential = {
          kind: 'session',
          id: session.id,
          workspaceId: session.workspaceId,
          apiKeyId: session.apiKeyId,
          userId: session.userId,
          role: session.role,
          csrfToken: csrfTokenOf(secret),
        };
      }
    });

    app.decorate('requireAdmin', async (request: FastifyRequest) => {
      if (request.routeOptions.config.public) return;
      const credential = request.credential;
      if (!credential) throw new AppError(request.authFailure ?? 'missing-admin-token');
      // A cookie rides along on any site's request; a header only the editor's own pages can set.
      if (
        credential.kind === 'session' &&
        !SAFE_METHODS.has(request.method) &&
        !sameSecret(request.headers[CSRF_HEADER], credential.csrfToken!)
      ) {
        throw new AppError('csrf-token-invalid', { field: CSRF_HEADER });
      }
      request.workspaceId = credential.workspaceId;
      // An unknown path answers 404 whatever the role; a known one without a declaration is refused to all.
      if (request.is404) return;
      const permission = request.routeOptions.config.permission;
      if (!permission || !can(credential.role, permission)) {
        throw new AppError('permission-denied', {
          message: permission
            ? `Your role (${credential.role}) does not allow this (it needs ${permission}); ask an admin or owner of the workspace.`
            : 'This route declares no permission, so nobody may call it; report it to the server operator.',
          details: { role: credential.role, permission: permission ?? null },
        });
      }
    });

    app.decorate('identifyWriteKey', async (request: FastifyRequest) => {
      const sent = basicWriteKey(request);
      if (!sent) return;
      const key = await apiKeys.resolveWriteKey(sent);
      if (key) request.credential = writeKeyCredential(key);
      else request.authFailure = 'unknown-write-key';
    });

    app.decorate('refuseUnknownWriteKey', async (request: FastifyRequest) => {
      if (request.authFailure) throw new AppError(request.authFailure);
    });

    app.decorate('requireWriteKey', async (request: FastifyRequest) => {
      if (!request.credential) {
        const fromBody = (request.body as { writeKey?: unknown } | null)?.writeKey;
        if (typeof fromBody !== 'string' || fromBody === '') throw new AppError('missing-write-key');
        const key = await apiKeys.resolveWriteKey(fromBody);
        if (!key) throw new AppError('unknown-write-key');
        request.credential = writeKeyCredential(key);
      }
      request.workspaceId = request.credential.workspaceId;
    });
  },
  { name: 'auth', dependencies: ['services'] },
);
