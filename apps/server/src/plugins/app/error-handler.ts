import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, errorBody } from '../../errors';
import { RuntimeError } from '../../runtime/types';

const RUNTIME_CODES: Record<RuntimeError['code'], ErrorCode> = {
  journey_not_found: 'journey-not-found',
  journey_not_live: 'journey-not-live',
  version_not_found: 'version-not-found',
  invalid_migration: 'invalid-migration',
};

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid-json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid-json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid-request',
};

/** Turns any error into the catalog's `{ error: { code, message, field? } }` shape. */
export function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof RuntimeError)
    return new AppError(RUNTIME_CODES[error.code], { message: error.message });
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0]!;
    const place = (error as FastifyError).validationContext;
    const path = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
    const field = path || (place === 'body' ? 'body' : String(place ?? 'request'));
    const text = issue.message ?? 'is not valid';
    const message = /received undefined$/.test(text)
      ? `${field} is required (${text.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')}).`
      : `${field}: ${text}.`;
    return new AppError('invalid-request', {
      field,
      message: `${message} Fix it and send the request again.`,
    });
  }
  const code = (error as FastifyError).code;
  if (code && FASTIFY_CODES[code]) {
    const mapped = FASTIFY_CODES[code];
    return mapped === 'invalid-json'
      ? new AppError(mapped, {
          message: `The body is not valid JSON (${error.message}); send a JSON object.`,
        })
      : new AppError(mapped);
  }
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new AppError('invalid-json', {
      message: 'The body is not valid gzip or deflate data; compress it again or send it uncompressed.',
    });
  }
  const status = (error as FastifyError).statusCode;
  if (status === 404) return new AppError('not-found');
  if (status === 415) return new AppError('unsupported-media-type');
  if (status && status >= 400 && status < 500)
    return new AppError('invalid-request', { message: error.message });
  return new AppError('internal');
}

/** The one error handler: every failure leaves as a catalog error; unexpected ones are logged. */
export default fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const appError = toAppError(error);
      if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: appError.code, field: appError.field }, appError.message);
      return reply.code(appError.status).send(errorBody(appError));
    });
  },
  { name: 'error-handler' },
);
