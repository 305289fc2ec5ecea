import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** The workspace the request's credential belongs to. */
    workspaceId: string;
  }
  interface FastifyInstance {
    /** onRequest hook for /api: a Bearer admin token. */
    authenticateAdmin: (request: FastifyRequest) => Promise<void>;
    /** preValidation hook for /v1: a write key as the Basic user or `writeKey` in the body. */
    authenticateWriteKey: (request: FastifyRequest) => Promise<void>;
  }
}

/** The write key of a Segment-style request: the HTTP Basic user, else `writeKey` in the body. */
export function writeKeyOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
    if (user) return user;
  }
  const fromBody = (request.body as { writeKey?: unknown } | null)?.writeKey;
  return typeof fromBody === 'string' && fromBody !== '' ? fromBody : null;
}

/** Credentials for both faces of the server: admin tokens for /api, write keys for /v1. */
export default fp(
  async function auth(app: FastifyInstance) {
    const { apiKeys } = app.repositories;
    app.decorateRequest('workspaceId', '');

    app.decorate('authenticateAdmin', async (request: FastifyRequest) => {
      const header = request.headers.authorization ?? '';
      const match = /^bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new AppError('missing-admin-token');
      const workspaceId = await apiKeys.resolveAdminToken(match[1]!);
      if (!workspaceId) throw new AppError('invalid-admin-token');
      request.workspaceId = workspaceId;
    });

    app.decorate('authenticateWriteKey', async (request: FastifyRequest) => {
      const key = writeKeyOf(request);
      if (!key) throw new AppError('missing-write-key');
      const workspaceId = await apiKeys.resolveWriteKey(key);
      if (!workspaceId) throw new AppError('unknown-write-key');
      request.workspaceId = workspaceId;
    });
  },
  { name: 'auth', dependencies: ['services'] },
);
