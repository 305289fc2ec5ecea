import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';
import { unstorableField, unstorableMessage } from '../unstorable-text';

/**
 * Body handling for the Segment-compatible endpoints, registered inside their scope only:
 * JSON whatever the Content-Type says (browsers send text/plain, RudderStack's client a bare
 * gzip buffer), gzip or deflate Content-Encoding, and the size limit applied to the
 * decompressed body so a small compressed bomb still gets a 413.
 */
export function ingestionBodies(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    const text = (body as Buffer).toString('utf8');
    if (text.trim() === '')
      return done(new AppError('invalid-json', { message: 'The body is empty; send a JSON object.' }));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      done(
        new AppError('invalid-json', {
          message: `The body is not valid JSON (${(error as Error).message}); send a JSON object.`,
        }),
      );
      return;
    }
    const field = unstorableField(text, parsed);
    if (field) {
      return done(
        new AppError('invalid-payload', {
          field,
          message: unstorableMessage(field),
        }),
      );
    }
    done(null, parsed);
  });

  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = String(request.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (encoding === 'identity' || encoding === '') return payload;
    if (encoding !== 'gzip' && encoding !== 'deflate') throw new AppError('unsupported-encoding');
    const decoder = encoding === 'gzip' ? createGunzip() : createInflate();
    const decoded = decoder as unknown as Readable & { receivedEncodedLength: number };
    decoded.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => {
      decoded.receivedEncodedLength += chunk.length;
    });
    // The content-length header counts compressed bytes; Fastify compares it with receivedEncodedLength.
    payload.pipe(decoder);
    return decoded;
  });
}
