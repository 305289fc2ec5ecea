import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as db from '@stagecraft/db';
import { is, Table } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

/**
 * Routes have no database handle: they read and change data only through repositories and
 * services, each of which takes the workspace from `request.workspaceId` and scopes every query
 * to it. A route module that reaches the database itself fails here.
 */

const ROUTES = fileURLToPath(new URL('.', import.meta.url));

function routeModules(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return routeModules(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The names a module imports as values (not `type`) from `from`. */
function valueImports(source: string, from: string): string[] {
  const pattern = new RegExp(`import\\s+(type\\s+)?\\{([^}]*)\\}\\s+from\\s+'${from}'`, 'g');
  return [...source.matchAll(pattern)].flatMap((match) =>
    match[1]
      ? []
      : match[2]!
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name && !name.startsWith('type ')),
  );
}

/** What a route module may not do, and the fix. */
function violations(source: string): string[] {
  const found: string[] = [];
  if (/\.database\b/.test(source)) found.push('uses the database handle; go through a repository');
  if (/from\s+'drizzle-orm/.test(source)) found.push('builds queries; move them into a repository');
  for (const name of valueImports(source, '@stagecraft/db')) {
    if (is((db as Record<string, unknown>)[name], Table)) found.push(`imports the table ${name}`);
  }
  return found;
}

describe('route modules', () => {
  const modules = routeModules(ROUTES).filter((path) => !path.endsWith('health.ts'));

  it('find the route modules', () => {
    expect(modules.length).toBeGreaterThan(20);
  });

  it('reach data only through repositories and services that scope it to the workspace', () => {
    const offences = modules.flatMap((path) =>
      violations(readFileSync(path, 'utf8')).map((why) => `${relative(ROUTES, path)}: ${why}`),
    );
    expect(offences).toEqual([]);
  });

  it('would catch a route that reaches the database', () => {
    expect(violations('const { db } = app.database;')).toHaveLength(1);
    expect(violations("import { and, eq } from 'drizzle-orm';")).toHaveLength(1);
    expect(violations("import { suppressions, type Message } from '@stagecraft/db';")).toEqual([
      'imports the table suppressions',
    ]);
    expect(violations("import { PROVIDER_CHANNELS } from '@stagecraft/db';")).toEqual([]);
  });
});
