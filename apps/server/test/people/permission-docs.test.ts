import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeTables, permissionTables, tableSection } from '../../src/auth/permission-table';
import { buildTestApp, type TestApp } from '../helper';

const SECURITY_DOC = fileURLToPath(new URL('../../../../docs/security.md', import.meta.url));

describe('docs/security.md', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('pglite');
  });
  afterAll(() => t.close());

  it('lists every role, permission and route as the code has them', () => {
    const section = tableSection(readFileSync(SECURITY_DOC, 'utf8'));
    expect(section, 'docs/security.md lost its permissions markers').not.toBeNull();
    expect(
      normalizeTables(section!),
      'The permission tables are stale: run `pnpm --filter @stagecraft/server docs:permissions`.',
    ).toBe(normalizeTables(permissionTables(t.app.routeAccess)));
  });
});
