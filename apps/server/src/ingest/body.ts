import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';
import { jsonParser } from '../json-body';
import { unstorableField, unstorableMessage } from '../unstorable-text';

/**
 * Body handling for the Segment-compatible endpoints, registered inside their scope only:
 * JSON (the app's one parser) whatever the Content-Type says (browsers send text/plain, RudderStack's client a bare
 * gzip buffer), gzip or deflate Content-Encoding, and the size limit applied to the
 * decompressed body so a small compressed bomb still gets a 413.
 */
export function ingestionBodies(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  const parse = jsonParser(app);
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    const text = (body as Buffer).toString('utf8');
    parse(request, text, (error, parsed) => {
      if (error) return done(error);
      const field = unstorableField(text, parsed);
      if (field) return done(new AppError('invalid-payload', { field, message: unstorableMessage(field) }));
      done(null, parsed);
    });
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
