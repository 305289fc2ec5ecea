/** One line of an events file: something a customer (or every customer) does at a given time. */
export interface ScriptedEvent {
  /** Null: every simulated customer sends it. */
  customerId: string | null;
  name: string;
  properties: Record<string, unknown>;
  afterSeconds: number;
}

const FIELDS = new Set(['customerId', 'name', 'properties', 'afterSeconds']);

/**
 * Parses an events file (JSON lines). Blank lines are skipped; the first bad line stops parsing
 * with a message naming the file, the line and the field.
 */
export function parseEventsFile(
  text: string,
  fileName: string,
): { ok: true; events: ScriptedEvent[] } | { ok: false; error: string } {
  const events: ScriptedEvent[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).trim();
    if (line === '') continue;
    const where = `${fileName} line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      return { ok: false, error: `${where}: not valid JSON (${(error as Error).message}).` };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { ok: false, error: `${where}: expected an object such as {"name": "order.completed"}.` };
    }
    const record = value as Record<string, unknown>;
    const unknown = Object.keys(record).find((key) => !FIELDS.has(key));
    if (unknown)
      return {
        ok: false,
        error: `${where}: unknown field "${unknown}"; use customerId, name, properties, afterSeconds.`,
      };
    if (typeof record.name !== 'string' || record.name.trim() === '') {
      return { ok: false, error: `${where}: "name" must be the event name, e.g. "order.completed".` };
    }
    if (
      record.customerId !== undefined &&
      (typeof record.customerId !== 'string' || record.customerId === '')
    ) {
      return {
        ok: false,
        error: `${where}: "customerId" must be a customer id such as "c1", or left out for everyone.`,
      };
    }
    const properties = record.properties ?? {};
    if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
      return { ok: false, error: `${where}: "properties" must be an object.` };
    }
    const after = record.afterSeconds ?? 0;
    if (typeof after !== 'number' || !Number.isFinite(after) || after < 0) {
      return { ok: false, error: `${where}: "afterSeconds" must be a number of seconds, 0 or more.` };
    }
    events.push({
      customerId: (record.customerId as string | undefined) ?? null,
      name: record.name,
      properties: properties as Record<string, unknown>,
      afterSeconds: after,
    });
  }
  return { ok: true, events };
}
