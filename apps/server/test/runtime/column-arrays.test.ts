import { createTestDatabase, testDatabaseKinds } from '@stagecraft/db/testing';
import { describe, expect, it } from 'vitest';
import { arrays, columns, rowsFrom } from '../../src/runtime/column-arrays';

describe.each(testDatabaseKinds())('rows passed as column arrays on %s', (kind) => {
  it('come back exactly as sent, in order, whatever the text holds', async () => {
    const database = await createTestDatabase(kind);
    try {
      const spec = columns('id int, label text, data jsonb, at timestamptz, "to" text');
      const rows = [
        { id: 1, label: 'plain', data: { a: 1 }, at: '2030-01-07T08:00:00.000Z', to: 'x@example.com' },
        {
          id: 2,
          label: 'say "hi", {all}\\ of you',
          data: { q: 'a "b" \\ c', n: [1, null] },
          at: null,
          to: null,
        },
        { id: 3, label: 'NULL', data: null, at: '2030-01-07T08:00:00.001Z', to: 'line\nbreak' },
        { id: 4, label: '', data: [], at: null, to: 'émoji 🎉, tab\t' },
        { id: 5, label: null, data: 'text', at: null, to: '' },
      ];
      const { rows: back } = await database.sql.executeSql(
        `select id, label, data, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, "to"
         from ${rowsFrom(spec)}`,
        arrays(spec, rows),
      );
      expect(back).toEqual(rows);

      // Epoch milliseconds (`ms`) arrive as timestamps to the millisecond.
      const times = columns('id int, at ms');
      const { rows: stamped } = await database.sql.executeSql(
        `select id, (extract(epoch from at) * 1000)::float8 as at from ${rowsFrom(times)}`,
        arrays(times, [
          { id: 1, at: Date.UTC(2030, 0, 7, 8, 0, 0, 123) },
          { id: 2, at: null },
        ]),
      );
      expect(stamped).toEqual([
        { id: 1, at: Date.UTC(2030, 0, 7, 8, 0, 0, 123) },
        { id: 2, at: null },
      ]);
    } finally {
      await database.close();
    }
  });
});
