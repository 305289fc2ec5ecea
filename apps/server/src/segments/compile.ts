import type { ClvField } from '@stagecraft/graph';
import type { SegmentRule, SegmentRuleGroup } from './rules';

const NUMERIC: Record<string, string> = {
  equals: '=',
  not_equals: '<>',
  greater_than: '>',
  greater_or_equal: '>=',
  less_than: '<',
  less_or_equal: '<=',
};

/**
 * SQL for a segment's rules over the customer row `c`, with parameters appended to `params`
 * (`$now` is the evaluation instant, already in `params` at index `nowIndex`). Event rules are
 * correlated subqueries that read one customer's events through the events primary key.
 * Semantics follow the journey rules: a missing trait makes a comparison false.
 */
export function compileRules(group: SegmentRuleGroup, params: unknown[], nowIndex: number): string {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const now = `$${nowIndex}::timestamptz`;

  function rule(r: SegmentRule): string {
    if ('all' in r) return r.all.length === 0 ? 'true' : `(${r.all.map(rule).join(' and ')})`;
    if ('any' in r) return r.any.length === 0 ? 'false' : `(${r.any.map(rule).join(' or ')})`;
    if ('eventCount' in r) {
      const { event, where = [], withinSeconds } = r.eventCount;
      const filters = where.map((w) =>
        field(`e.properties #> ${param(w.field.split('.').slice(1))}::text[]`, w),
      );
      return `((select count(*) from events e where ${eventScope(event, withinSeconds)}${filters.map((f) => ` and ${f}`).join('')})
        ${NUMERIC[r.operator]} ${param(r.value)}::bigint)`;
    }
    if ('eventSum' in r) {
      const { event, property, withinSeconds } = r.eventSum;
      const p = param(property);
      return `((select coalesce(sum(case when jsonb_typeof(e.properties->(${p}::text)) = 'number'
          then (e.properties->>(${p}::text))::float8 end), 0) from events e where ${eventScope(event, withinSeconds)})
        ${NUMERIC[r.operator]} ${param(r.value)}::float8)`;
    }
    return field(fieldValue(r.field), r);
  }

  /** A rule field as jsonb: the stage, a stored lifetime value, or a trait. */
  function fieldValue(path: string): string {
    if (path === 'stage') return 'to_jsonb(c.stage)';
    if (path.startsWith('clv.')) {
      const name = path.slice(4) as ClvField;
      const value = `(select to_jsonb(${CLV_COLUMNS[name] ?? 'null::float8'}) from customer_values v
        where v.workspace_id = c.workspace_id and v.customer_id = c.customer_id)`;
      // A customer never valued has bought nothing yet.
      return name === 'historical' ? `coalesce(${value}, '0'::jsonb)` : value;
    }
    return `(c.traits #> ${param(path.split('.').slice(1))}::text[])`;
  }

  function eventScope(event: string, withinSeconds: number | undefined): string {
    const window = withinSeconds
      ? ` and e.timestamp > ${now} - make_interval(secs => ${param(withinSeconds)}::int)`
      : '';
    return `e.workspace_id = c.workspace_id and e.customer_id = c.customer_id and e.type = 'track'
      and e.name = ${param(event)} and e.timestamp <= ${now}${window}`;
  }

  /** A jsonb value compared as `evaluateRules` compares it (loose number/boolean equality, substring contains). */
  function field(v: string, r: { operator: string; value?: unknown }): string {
    const present = `(${v} is not null and ${v} <> 'null'::jsonb)`;
    const text = `(${v} #>> '{}')`;
    const number = `(case when jsonb_typeof(${v}) = 'number' or (jsonb_typeof(${v}) = 'string' and ${text} ~ '^-?[0-9]+(\\.[0-9]+)?$') then ${text}::float8 end)`;
    const equal = (expected: unknown) => {
      if (typeof expected === 'number') return `coalesce(${number} = ${param(expected)}::float8, false)`;
      if (typeof expected === 'boolean') return `coalesce(${text} = ${param(String(expected))}, false)`;
      return `coalesce(${v} = ${param(JSON.stringify(expected ?? null))}::jsonb, false)`;
    };
    switch (r.operator) {
      case 'exists':
        return present;
      case 'not_exists':
        return `not ${present}`;
      case 'equals':
        return equal(r.value);
      case 'not_equals':
        return `not ${equal(r.value)}`;
      case 'contains':
      case 'not_contains': {
        const test = `coalesce(case jsonb_typeof(${v}) when 'string' then strpos(${text}, ${param(String(r.value ?? ''))}) > 0
          when 'array' then ${v} @> jsonb_build_array(${param(JSON.stringify(r.value ?? null))}::jsonb) else false end, false)`;
        return r.operator === 'contains' ? test : `not ${test}`;
      }
      case 'starts_with':
        return `coalesce(jsonb_typeof(${v}) = 'string' and starts_with(${text}, ${param(String(r.value ?? ''))}), false)`;
      case 'in':
      case 'not_in': {
        const values = Array.isArray(r.value) ? r.value : [];
        const test = values.length === 0 ? 'false' : `(${values.map(equal).join(' or ')})`;
        return r.operator === 'in' ? test : `not ${test}`;
      }
      default: {
        const op = NUMERIC[r.operator];
        if (!op || typeof r.value !== 'number') return 'false';
        return `coalesce(${number} ${op} ${param(r.value)}::float8, false)`;
      }
    }
  }

  return rule(group);
}

/** Stored lifetime values by rule field (`clv.<name>`); churn risk is 1 − probability alive. */
const CLV_COLUMNS: Record<ClvField, string> = {
  historical: 'v.historical',
  predicted: 'v.predicted',
  expectedPurchases: 'v.expected_purchases',
  probabilityAlive: 'v.probability_alive',
  churnRisk: '1 - v.probability_alive',
};

/** Whether the rules read stored lifetime values, which move for everyone when a model is fitted. */
export function readsClv(group: SegmentRule): boolean {
  if ('all' in group) return group.all.some(readsClv);
  if ('any' in group) return group.any.some(readsClv);
  return 'field' in group && group.field.startsWith('clv.');
}

/** Event names the rules read, each with its window (null: all history). */
export function windowedEvents(group: SegmentRule): { event: string; withinSeconds: number }[] {
  if ('all' in group) return group.all.flatMap(windowedEvents);
  if ('any' in group) return group.any.flatMap(windowedEvents);
  if ('eventCount' in group && group.eventCount.withinSeconds)
    return [{ event: group.eventCount.event, withinSeconds: group.eventCount.withinSeconds }];
  if ('eventSum' in group && group.eventSum.withinSeconds)
    return [{ event: group.eventSum.event, withinSeconds: group.eventSum.withinSeconds }];
  return [];
}
