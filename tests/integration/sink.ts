import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * An HTTP receiver on 127.0.0.1 that counts deliveries per Idempotency-Key and path, and an SMTP
 * server beside it that counts mails per Message-ID.
 */
export async function startSink() {
  const byKey = new Map<string, number>();
  const byPath = new Map<string, number>();
  const byMessageId = new Map<string, number>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      byKey.set(key, (byKey.get(key) ?? 0) + 1);
      byPath.set(req.url ?? '', (byPath.get(req.url ?? '') ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const head =
          Buffer.concat(chunks)
            .toString('utf8')
            .split(/\r?\n\r?\n/)[0] ?? '';
        const id = /^message-id:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? '';
        byMessageId.set(id, (byMessageId.get(id) ?? 0) + 1);
        callback();
      });
    },
  });
  // A server killed mid-conversation resets its connection; smtp-server reports that as an
  // 'error' event, which would otherwise be thrown as an uncaught exception.
  smtp.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    smtpPort: (smtp.server.address() as AddressInfo).port,
    byKey,
    byMessageId,
    hits: (path: string) => byPath.get(path) ?? 0,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}

export type Sink = Awaited<ReturnType<typeof startSink>>;
