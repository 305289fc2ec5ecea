import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';

/** The URL the editor loads a plugin's card view from. */
export function cardViewUrl(packageName: string): string {
  return `/plugins/${encodeURIComponent(packageName)}/card.js`;
}

const SUFFIX = '/card.js';

/**
 * Serves each plugin's card view module, the one file its package.json declares, at
 * `/plugins/<package, URL-encoded>/card.js`. Nothing else of a package can be reached: the path
 * only names the package, and the file comes from its manifest. Like the editor's own scripts
 * it needs no credentials; it is the plugin's code, not data.
 */
export default async function pluginAssetRoutes(app: FastifyInstance) {
  app.get('/plugins/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const rest = (request.params as { '*': string })['*'];
    const plugin = rest.endsWith(SUFFIX) ? app.plugins.plugin(rest.slice(0, -SUFFIX.length)) : null;
    if (!plugin?.cardView)
      throw new AppError('not-found', {
        message: 'No installed plugin has a card view at this address; it is /plugins/<package>/card.js.',
      });
    const code = await readFile(plugin.cardView);
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(code);
  });
}
