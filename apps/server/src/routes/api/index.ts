import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors';
import { findUnstorable, unstorableMessage } from '../../unstorable-text';
import catalogRoutes from './catalog';
import customerRoutes from './customers';
import journeyRoutes from './journeys/index';
import messageRoutes from './messages';
import settingsRoutes from './settings';
import simulateRoutes from './simulate';
import writeKeyRoutes from './write-keys';

/** The management API: every route needs the admin token. */
export default async function apiRoutes(app: FastifyInstance) {
  app.addHook('onRequest', app.authenticateAdmin);
  // Text the database cannot store is refused up front, naming the field, rather than failing there.
  app.addHook('preValidation', async (request) => {
    const field = request.body === undefined ? null : findUnstorable(request.body);
    if (field) throw new AppError('invalid-request', { field, message: unstorableMessage(field) });
  });
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, security: [{ adminToken: [] }] };
  });
  await app.register(catalogRoutes);
  await app.register(journeyRoutes, { prefix: '/journeys' });
  await app.register(simulateRoutes);
  await app.register(customerRoutes);
  await app.register(messageRoutes);
  await app.register(settingsRoutes);
  await app.register(writeKeyRoutes);
}
