import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { markPublic } from '../auth/route-access';
import { AppError, errorBody } from '../errors';

/** Paths that belong to the server; a miss there is a JSON 404, never the editor's page. */
const SERVER_PATHS = /^\/(api|v1|docs|health|ready)(\/|$|\?)/;

export interface WebOptions {
  /** The editor's build (apps/web/dist), or null to serve no editor. */
  root: string | null;
}

/**
 * Serves the editor's build at / with a fallback to index.html for the editor's own URLs
 * (/journeys/:id, /customers, ...), so links and reloads work. Hashed assets are cached for good.
 */
async function webRoutes(app: FastifyInstance, options: WebOptions) {
  const root = options.root && existsSync(join(options.root, 'index.html')) ? options.root : null;
  if (root) {
    // The editor's files are public (what they show needs a sign-in through /api); the hook
    // marks only the routes the static plugin adds while it registers.
    let serving = true;
    app.addHook('onRoute', (route) => {
      if (serving) markPublic(route);
    });
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      setHeaders: (reply, path) => {
        reply.header(
          'cache-control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    serving = false;
  } else {
    app.log.warn(
      'The editor is not built (no apps/web/dist/index.html); run `pnpm --filter @stagecraft/web build`.',
    );
  }

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !SERVER_PATHS.test(request.url) &&
      !/\.[a-z0-9]+$/i.test(request.url.split('?')[0]!);
    if (root && wantsPage) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    const path = request.url.split('?')[0];
    return reply.code(404).send(
      errorBody(
        new AppError('not-found', {
          message: `Nothing lives at ${request.method} ${path}; check the URL.`,
        }),
      ),
    );
  });
}

/** Registered at the root so its not-found handler answers for every path. */
export default fp(webRoutes, { name: 'web' });
