import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors';
import { findUnstorable, unstorableMessage } from '../../unstorable-text';
import accountRoutes from './accounts';
import adminTokenRoutes from './admin-tokens';
import analyticsRoutes from './analytics';
import auditRoutes from './audit';
import catalogRoutes from './catalog';
import channelRoutes from './channels';
import customerRoutes from './customers';
import experimentRoutes from './experiments';
import guardrailRoutes from './guardrails';
import journeyRoutes from './journeys/index';
import messageRoutes from './messages';
import peopleRoutes from './people';
import pluginSettingsRoutes from './plugin-settings';
import segmentRoutes from './segments';
import sessionRoutes from './session';
import settingsRoutes from './settings';
import simulateRoutes from './simulate';
import suppressionRoutes from './suppressions';
import testClockRoutes from './test-clocks';
import workspaceRoutes from './workspaces';
import writeKeyRoutes from './write-keys';

/**
 * The management API: every route but sign-in needs an admin token (Bearer) or an editor
 * session (cookie, plus X-CSRF-Token on changes), whose role holds the permission the route
 * declares. Requests are counted against their credential's rate limit (their address's
 * without one) before a credential is refused.
 */
export default async function apiRoutes(app: FastifyInstance) {
  app.addHook('onRequest', app.identifyAdmin);
  const limit = app.limitPerCredential('api', app.config.rateLimits.apiPerMinute);
  if (limit) app.addHook('onRequest', limit);
  app.addHook('onRequest', app.requireAdmin);
  // Text the database cannot store is refused up front, naming the field, rather than failing there.
  app.addHook('preValidation', async (request) => {
    const field = request.body === undefined ? null : findUnstorable(request.body);
    if (field) throw new AppError('invalid-request', { field, message: unstorableMessage(field) });
  });
  app.addHook('onRoute', (route) => {
    if (route.schema?.security) return;
    route.schema = { ...route.schema, security: [{ adminToken: [] }, { sessionCookie: [] }] };
  });
  await app.register(catalogRoutes);
  await app.register(journeyRoutes, { prefix: '/journeys' });
  await app.register(experimentRoutes);
  await app.register(simulateRoutes);
  await app.register(testClockRoutes);
  await app.register(customerRoutes);
  await app.register(analyticsRoutes);
  await app.register(segmentRoutes);
  await app.register(messageRoutes);
  await app.register(settingsRoutes);
  await app.register(channelRoutes);
  await app.register(pluginSettingsRoutes);
  await app.register(guardrailRoutes);
  await app.register(suppressionRoutes);
  await app.register(writeKeyRoutes);
  await app.register(adminTokenRoutes);
  await app.register(workspaceRoutes);
  await app.register(auditRoutes);
  await app.register(sessionRoutes);
  await app.register(accountRoutes);
  await app.register(peopleRoutes);
}
