import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Access, Permission } from './permissions';

/** A registered route and how it is reached; `access` null when it declared nothing. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers without a credential (sign-in); rate limits still count it by address. */
    public?: boolean;
    /** What the credential's role must include; checked for every /api route by `requireAdmin`. */
    permission?: Permission;
  }
  interface FastifyInstance {
    /** Every route registered on the instance with what it declared: for the permission tests and docs. */
    routeAccess: RouteAccess[];
  }
}

/** What a route's config declares, or null when it declares neither a permission nor `public`. */
export function declaredAccess(
  config: { public?: boolean; permission?: Permission } | undefined,
): Access | null {
  if (config?.public === true) return { public: true };
  if (config?.permission) return { permission: config.permission };
  return null;
}

/**
 * Records every route as it is registered. Called on the bare instance before any plugin, so
 * no route escapes it, library routes included.
 */
export function collectRouteAccess(app: FastifyInstance): void {
  app.decorate('routeAccess', [] as RouteAccess[]);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // The HEAD route Fastify adds beside each GET shares the GET's config.
    for (const method of methods.filter((m) => m !== 'HEAD')) {
      // Read when asked: onRoute hooks of inner plugins (markPublic) run after this one.
      app.routeAccess.push({
        method,
        url: route.url,
        get access() {
          return declaredAccess(route.config);
        },
      });
    }
  });
}

/** An onRoute hook for a plugin whose routes are all public (static files, the API docs). */
export function markPublic(route: RouteOptions): void {
  route.config = { ...route.config, public: true };
}
