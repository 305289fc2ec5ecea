import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helper';

describe('serving the editor build', () => {
  let t: TestApp;
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'stagecraft-web-'));
    await mkdir(join(root, 'assets'));
    await writeFile(
      join(root, 'index.html'),
      '<!doctype html><title>Stagecraft</title><div id="root"></div>',
    );
    await writeFile(join(root, 'assets', 'app-3f9a.js'), 'console.log("editor")');
    t = await buildTestApp('pglite', {}, { webRoot: root });
  });
  afterAll(async () => {
    await t.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves index.html at / and for the editor’s own URLs, so reloads work', async () => {
    for (const url of ['/', '/journeys/jrn_123', '/customers?q=ada', '/settings']) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets with a long cache life', async () => {
    const response = await t.app.inject({ url: '/assets/app-3f9a.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('answers misses under the server’s own paths and missing files with a JSON 404', async () => {
    for (const url of ['/api/nothing', '/v1/nothing', '/assets/missing.js']) {
      const response = await t.api({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('not-found');
    }
    expect((await t.app.inject({ method: 'POST', url: '/journeys' })).statusCode).toBe(404);
  });
});
