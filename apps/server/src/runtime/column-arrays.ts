/**
 * Many rows as statement parameters: one Postgres array literal per column, read back with a
 * multi-argument `unnest`. Postgres parses these for about half the CPU of the same rows as a
 * JSON array of objects (json_to_recordset looks every key up in a hash table per row), which
 * is most of what a bulk insert costs it.
 */
export interface Columns {
  names: string[];
  types: string[];
}

/** Columns from a spec such as `w text, c text, version int, state jsonb`. */
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

/** `unnest($1::text::text[], …) as v(w, c, …)`, its parameters numbered from `first`. */
export function unnest(cols: Columns, first = 1): string {
  const args = cols.types.map((type, i) => `$${first + i}::text::${type}[]`).join(', ');
  return `unnest(${args}) as v(${cols.names.map((n) => `"${n}"`).join(', ')})`;
}

/** The parameters for `unnest`: each column's values as an array literal. */
export function arrays(cols: Columns, rows: readonly object[]): string[] {
  return cols.names.map((name, column) => {
    const json = cols.types[column] === 'jsonb' || cols.types[column] === 'json';
    let literal = '{';
    for (let i = 0; i < rows.length; i++) {
      if (i > 0) literal += ',';
      literal += element((rows[i] as Record<string, unknown>)[name], json);
    }
    return `${literal}}`;
  });
}

/** One array element: NULL, or quoted with `"` and `\` escaped; JSON columns get JSON text. */
function element(value: unknown, json: boolean): string {
  if (value === null || value === undefined) return 'NULL';
  if (!json && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  const text = json || typeof value !== 'string' ? JSON.stringify(value) : value;
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
