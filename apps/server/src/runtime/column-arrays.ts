/**
 * Many rows as statement parameters: one JSON array per column, read back side by side with
 * `rows from (json_array_elements_text(…), …)`. Postgres reads these for less CPU than the same
 * rows as a JSON array of objects (json_to_recordset builds a hash table of keys per row), and
 * Node builds them with one native JSON.stringify per column. Postgres array literals cost
 * Postgres about as little but Node much more: every element must be escaped in JavaScript.
 */
export interface Columns {
  names: string[];
  types: string[];
}

/**
 * Columns from a spec such as `w text, c text, version int, state jsonb, at ms`; the type `ms`
 * takes epoch milliseconds (a number) and gives a timestamptz.
 */
export function columns(spec: string): Columns {
  const names: string[] = [];
  const types: string[] = [];
  for (const part of spec.split(',')) {
    const [name, type] = part.trim().split(/\s+/);
    if (!name || !type) throw new Error(`bad column spec: "${part}"`);
    names.push(name.replace(/"/g, ''));
    types.push(type);
  }
  return { names, types };
}

const isJson = (type: string | undefined) => type === 'json' || type === 'jsonb';

/** A subquery `(…) as v` with the columns by name and type, its parameters numbered from `first`. */
export function rowsFrom(cols: Columns, first = 1): string {
  const sources = cols.types.map(
    (type, i) =>
      `${isJson(type) ? 'json_array_elements' : 'json_array_elements_text'}($${first + i}::text::json)`,
  );
  const outputs = cols.names.map((name, i) => {
    const type = cols.types[i];
    // A JSON null is SQL NULL, as json_to_recordset reads it.
    if (isJson(type)) return `nullif(r."${name}"::text, 'null')::${type} as "${name}"`;
    // Epoch milliseconds: cheaper to send and to read than date text.
    if (type === 'ms') return `to_timestamp(r."${name}"::float8 / 1000) as "${name}"`;
    return type === 'text' ? `r."${name}"` : `r."${name}"::${type} as "${name}"`;
  });
  const names = cols.names.map((n) => `"${n}"`).join(', ');
  return `(select ${outputs.join(', ')} from rows from (${sources.join(', ')}) as r(${names})) as v`;
}

/** The parameters for `rowsFrom`: each column's values, in row order, as a JSON array. */
export function arrays(cols: Columns, rows: readonly object[]): string[] {
  return cols.names.map((name) =>
    JSON.stringify(rows.map((row) => (row as Record<string, unknown>)[name] ?? null)),
  );
}
