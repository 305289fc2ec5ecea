import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Pure packages take time, ids and randomness as arguments and import no I/O or UI. */
const PURE = ['graph', 'sdk', 'nodes', 'compiler', 'engine', 'plugin-testing', 'journeys', 'stats', 'clv'];
const FORBIDDEN: [RegExp, string][] = [
  [/from ['"]node:/, 'a node: built-in'],
  [
    /from ['"](react|react-dom|fastify|drizzle-orm|postgres|@electric-sql\/pglite)['"/]/,
    'an I/O or UI library',
  ],
  [/\bprocess\.env\b/, 'process.env'],
  [/\bDate\.now\(/, 'Date.now()'],
  [/\bnew Date\(\)/, 'new Date() without an argument'],
  [/\bMath\.random\(/, 'Math.random()'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'editor' ? [] : sourceFiles(path);
    const isSource = /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !/editor\.tsx$/.test(name);
    return isSource ? [path] : [];
  });
}

describe('pure core packages', () => {
  for (const pkg of PURE) {
    it(`${pkg} reads no clock, randomness, environment or I/O`, () => {
      const offences: string[] = [];
      for (const file of sourceFiles(join(import.meta.dirname, '..', 'packages', pkg, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const [pattern, what] of FORBIDDEN) if (pattern.test(text)) offences.push(`${file}: ${what}`);
      }
      expect(offences).toEqual([]);
    });
  }
});
