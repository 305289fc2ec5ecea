import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP receiver on 127.0.0.1 that counts deliveries per Idempotency-Key and path. */
export async function startSink() {
  const byKey = new Map<string, number>();
  const byPath = new Map<string, number>();
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    byKey,
    hits: (path: string) => byPath.get(path) ?? 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
