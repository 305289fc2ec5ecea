import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../errors';
import { useJsonParser } from '../../json-body';
import { unstorableMessage, unstorableParameter } from '../../unstorable-text';

/**
 * Guards every route's input before its schema sees it: the app's one JSON parser (depth cap,
 * empty bodies, byte order marks), and path or query parameters holding text Postgres cannot
 * store, which would otherwise fail in the database as a 500.
 */
export default fp(
  async function inputs(app: FastifyInstance) {
    useJsonParser(app);
    app.addHook('preValidation', async (request) => {
      const field = unstorableParameter(request);
      if (field) throw new AppError('invalid-request', { field, message: unstorableMessage(field) });
    });
  },
  { name: 'inputs' },
);
