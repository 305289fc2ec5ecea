import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_BAD_URL: 'invalid-url',
  FST_ERR_MAX_PARAM_LENGTH: 'invalid-url',
};

/** Sentences for Fastify's own errors whose default words do not say what to do. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_CONTENT_LENGTH:
    'The body is not as long as the Content-Length header says; send the exact byte count, or leave the header to your HTTP client.',
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
      : new AppError(mapped, { message: FASTIFY_MESSAGES[code] });
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

/**
 * Answers the errors Fastify raises before a route is found (a URL whose %-escapes do not decode,
 * a path parameter past the length limit): passed to Fastify as `frameworkErrors`.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const appError = toAppError(error);
  request.log.info({ code: appError.code }, appError.message);
  reply.code(appError.status).send(errorBody(appError));
}

/**
 * Answers a request Node's HTTP parser refuses (a Content-Length that is not a number, both
 * Content-Length and Transfer-Encoding, headers past the size limit) in the same shape, then
 * closes the connection, whose stream can no longer be trusted: passed as `clientErrorHandler`.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const appError =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new AppError('headers-too-large')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new AppError('request-timeout')
        : new AppError('invalid-request', {
            message: `The HTTP request is malformed (${error.code ?? 'parse error'}); check the Content-Length and Transfer-Encoding headers, or let your HTTP client set them.`,
          });
  const body = JSON.stringify(errorBody(appError));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}\r\nConnection: close\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
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
