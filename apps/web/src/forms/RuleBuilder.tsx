import { MAX_RULE_DEPTH, OPERATORS } from '@stagecraft/graph';
import { Icon } from '../ui/Icon';
import { type Path, pathKey, useFormContext } from './context';
import type { JsonSchema } from './json-schema';
import { ParsedInput } from './ParsedInput';
import { formatList, formatScalar, parseList, parseScalar } from './scalar';

type Rule = Record<string, unknown>;
type Group = { all: Rule[] } | { any: Rule[] };

/** Operators in words a marketer reads as a sentence: "profile.plan is one of pro, team". */
export const OPERATOR_LABELS: Record<string, string> = {
  equals: 'equals',
  not_equals: 'does not equal',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  greater_than: 'is greater than',
  greater_or_equal: 'is at least',
  less_than: 'is less than',
  less_or_equal: 'is at most',
  exists: 'is set',
  not_exists: 'is not set',
  in: 'is one of',
  not_in: 'is not one of',
  before: 'is before',
  after: 'is after',
};

const COUNT_LABELS: Record<string, string> = {
  greater_or_equal: 'at least',
  greater_than: 'more than',
  equals: 'exactly',
  not_equals: 'not exactly',
  less_than: 'fewer than',
  less_or_equal: 'at most',
};

const NO_VALUE = new Set(['exists', 'not_exists']);
const LIST = new Set(['in', 'not_in']);

interface RuleFieldProps {
  schema: JsonSchema;
  path: Path;
  label: string;
  value: unknown;
  onChange: (value: unknown) => void;
}

function groupParts(value: unknown): { key: 'all' | 'any'; rules: Rule[] } {
  const group = (value ?? {}) as { all?: Rule[]; any?: Rule[] };
  if (Array.isArray(group.any)) return { key: 'any', rules: group.any };
  return { key: 'all', rules: Array.isArray(group.all) ? group.all : [] };
}

/** The rule builder for a rule group (`all` / `any` of field rules, event counts and nested groups). */
export function RuleGroupField({ schema, path, label, value, onChange }: RuleFieldProps) {
  const { errors } = useFormContext();
  return (
    <fieldset className="fieldset rule-field">
      <legend>{label}</legend>
      {schema.description && <p className="hint">{schema.description}</p>}
      <RuleGroupEditor value={value} onChange={onChange} path={path} depth={1} number="" />
      {errors[pathKey(path)] && <p className="field-error">{errors[pathKey(path)]}</p>}
    </fieldset>
  );
}

/** Event property filters: a flat list of field rules that must all hold. */
export function RuleListField({ schema, path, label, value, onChange }: RuleFieldProps) {
  const { disabled } = useFormContext();
  const rules = Array.isArray(value) ? (value as Rule[]) : [];
  return (
    <fieldset className="fieldset rule-field">
      <legend>{label}</legend>
      {schema.description && <p className="hint">{schema.description}</p>}
      {rules.length === 0 && <p className="muted rule-empty">No filters: every such event counts.</p>}
      {rules.map((rule, index) => (
        <FieldRuleEditor
          // biome-ignore lint/suspicious/noArrayIndexKey: rules have no ids; their position is their identity.
          key={index}
          rule={rule}
          path={[...path, index]}
          number={String(index + 1)}
          noun="filter"
          placeholder="event.amount"
          onChange={(next) =>
            onChange(rules.map((current, position) => (position === index ? next : current)))
          }
          onRemove={() => onChange(rules.filter((_, position) => position !== index))}
        />
      ))}
      <button
        type="button"
        className="button button-small button-dashed"
        disabled={disabled || (schema.maxItems !== undefined && rules.length >= schema.maxItems)}
        onClick={() => onChange([...rules, { field: '', operator: 'equals', value: '' }])}
      >
        + Add filter
      </button>
    </fieldset>
  );
}

interface GroupEditorProps {
  value: unknown;
  onChange: (value: Group) => void;
  path: Path;
  depth: number;
  number: string;
  onRemove?: () => void;
}

function RuleGroupEditor({ value, onChange, path, depth, number, onRemove }: GroupEditorProps) {
  const { disabled } = useFormContext();
  const { key, rules } = groupParts(value);
  const set = (next: Rule[]) => onChange(key === 'all' ? { all: next } : { any: next });
  const update = (index: number, next: Rule) =>
    set(rules.map((rule, position) => (position === index ? next : rule)));
  const remove = (index: number) => set(rules.filter((_, position) => position !== index));
  const groupName = number ? `group ${number}` : 'these rules';
  return (
    <fieldset
      className={depth > 1 ? 'rule-group rule-group-nested' : 'rule-group'}
      aria-label={number ? `Rule group ${number}` : 'Rules'}
    >
      <div className="rule-group-head">
        <span>Match</span>
        <select
          className="input input-small"
          aria-label={`Match all or any of ${groupName}`}
          value={key}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value === 'any' ? { any: rules } : { all: rules })}
        >
          <option value="all">all</option>
          <option value="any">any</option>
        </select>
        <span>of the following</span>
        {onRemove && (
          <button
            type="button"
            className="icon-button push-right"
            aria-label={`Remove rule group ${number}`}
            disabled={disabled}
            onClick={onRemove}
          >
            <Icon name="trash" size={14} />
          </button>
        )}
      </div>
      {rules.length === 0 && (
        <p className="muted rule-empty">
          {key === 'all' ? 'No rules yet: everyone matches.' : 'No rules yet: nobody matches.'}
        </p>
      )}
      {rules.map((rule, index) => {
        const childNumber = number ? `${number}.${index + 1}` : String(index + 1);
        const childPath = [...path, key, index];
        if ('all' in rule || 'any' in rule) {
          return (
            <RuleGroupEditor
              // biome-ignore lint/suspicious/noArrayIndexKey: rules have no ids; their position is their identity.
              key={index}
              value={rule}
              path={childPath}
              depth={depth + 1}
              number={childNumber}
              onChange={(next) => update(index, next)}
              onRemove={() => remove(index)}
            />
          );
        }
        if ('eventCount' in rule) {
          return (
            <EventCountEditor
              // biome-ignore lint/suspicious/noArrayIndexKey: rules have no ids; their position is their identity.
              key={index}
              rule={rule}
              path={childPath}
              number={childNumber}
              onChange={(next) => update(index, next)}
              onRemove={() => remove(index)}
            />
          );
        }
        return (
          <FieldRuleEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: rules have no ids; their position is their identity.
            key={index}
            rule={rule}
            path={childPath}
            number={childNumber}
            noun="rule"
            placeholder="profile.plan"
            onChange={(next) => update(index, next)}
            onRemove={() => remove(index)}
          />
        );
      })}
      <div className="rule-actions">
        <button
          type="button"
          className="button button-small button-dashed"
          disabled={disabled}
          onClick={() => set([...rules, { field: '', operator: 'equals', value: '' }])}
        >
          + Rule
        </button>
        <button
          type="button"
          className="button button-small button-dashed"
          disabled={disabled}
          onClick={() =>
            set([...rules, { eventCount: { event: '' }, operator: 'greater_or_equal', value: 1 }])
          }
        >
          + Event count
        </button>
        {depth < MAX_RULE_DEPTH && (
          <button
            type="button"
            className="button button-small button-dashed"
            disabled={disabled}
            onClick={() => set([...rules, { any: [] }])}
          >
            + Group
          </button>
        )}
      </div>
    </fieldset>
  );
}

interface RuleEditorProps {
  rule: Rule;
  path: Path;
  number: string;
  onChange: (rule: Rule) => void;
  onRemove: () => void;
}

/** One comparison: field, operator, value. The value box follows the operator (none, one, or a list). */
function FieldRuleEditor({
  rule,
  path,
  number,
  onChange,
  onRemove,
  noun,
  placeholder,
}: RuleEditorProps & { noun: string; placeholder: string }) {
  const { disabled, errors, stages, idPrefix } = useFormContext();
  const operator = String(rule.operator ?? 'equals');
  const field = typeof rule.field === 'string' ? rule.field : '';
  const errorFor = (part: string) => errors[pathKey([...path, part])];
  const setOperator = (next: string) => {
    const { value, ...rest } = rule;
    if (NO_VALUE.has(next)) return onChange({ ...rest, operator: next });
    if (LIST.has(next))
      return onChange({
        ...rest,
        operator: next,
        value: Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value],
      });
    onChange({ ...rest, operator: next, value: Array.isArray(value) ? (value[0] ?? '') : (value ?? '') });
  };
  const messages = [errorFor('field'), errorFor('operator'), errorFor('value')].filter(Boolean);
  return (
    <div className={messages.length ? 'rule-row rule-row-invalid' : 'rule-row'}>
      <div className="rule-inputs">
        <input
          className="input input-small"
          aria-label={`Field of ${noun} ${number}`}
          aria-invalid={errorFor('field') ? true : undefined}
          list={`${idPrefix}-field-suggestions`}
          placeholder={placeholder}
          value={field}
          disabled={disabled}
          onChange={(event) => onChange({ ...rule, field: event.target.value.trim() })}
        />
        <select
          className="input input-small"
          aria-label={`Operator of ${noun} ${number}`}
          value={operator}
          disabled={disabled}
          onChange={(event) => setOperator(event.target.value)}
        >
          {OPERATORS.map((candidate) => (
            <option key={candidate} value={candidate}>
              {OPERATOR_LABELS[candidate] ?? candidate}
            </option>
          ))}
        </select>
        {!NO_VALUE.has(operator) &&
          (field === 'stage' && stages?.length && !LIST.has(operator) ? (
            <select
              className="input input-small"
              aria-label={`Value of ${noun} ${number}`}
              value={typeof rule.value === 'string' ? rule.value : ''}
              disabled={disabled}
              onChange={(event) => onChange({ ...rule, value: event.target.value })}
            >
              <option value="">Pick a stage…</option>
              {stages.map((stage) => (
                <option key={stage.id} value={stage.id}>
                  {stage.name}
                </option>
              ))}
            </select>
          ) : (
            <ParsedInput
              className="input input-small"
              aria-label={
                LIST.has(operator)
                  ? `Values of ${noun} ${number}, separated by commas`
                  : `Value of ${noun} ${number}`
              }
              aria-invalid={errorFor('value') ? true : undefined}
              placeholder={LIST.has(operator) ? 'pro, team' : 'value'}
              disabled={disabled}
              value={rule.value}
              format={LIST.has(operator) ? formatList : formatScalar}
              parse={LIST.has(operator) ? parseList : parseRuleValue}
              onValue={(next) => onChange({ ...rule, value: next })}
            />
          ))}
        <button
          type="button"
          className="icon-button"
          aria-label={`Remove ${noun} ${number}`}
          disabled={disabled}
          onClick={onRemove}
        >
          <Icon name="x" size={14} />
        </button>
      </div>
      {messages.map((message) => (
        <p key={message} className="field-error">
          {message}
        </p>
      ))}
    </div>
  );
}

const parseRuleValue = (text: string) => (text.trim() === '' ? '' : parseScalar(text));

const formatCount = (value: number | undefined) => (value === undefined ? '' : String(value));
const parseCount = (text: string) => (text.trim() === '' ? undefined : Number(text));

const UNITS = [
  { label: 'hours', seconds: 3_600 },
  { label: 'days', seconds: 86_400 },
  { label: 'weeks', seconds: 604_800 },
];

/** "order.completed happened at least 2 times within 30 days", counted since the customer entered. */
function EventCountEditor({ rule, path, number, onChange, onRemove }: RuleEditorProps) {
  const { disabled, errors } = useFormContext();
  const count = (rule.eventCount ?? {}) as { event?: string; where?: unknown[]; withinSeconds?: number };
  const within = count.withinSeconds;
  const unit =
    [...UNITS].reverse().find((candidate) => within !== undefined && within % candidate.seconds === 0) ??
    UNITS[1]!;
  const setCount = (patch: Partial<typeof count>) => {
    const next = { ...count, ...patch };
    if (next.withinSeconds === undefined) delete next.withinSeconds;
    onChange({ ...rule, eventCount: next });
  };
  const messages = [
    errors[pathKey([...path, 'eventCount', 'event'])],
    errors[pathKey([...path, 'value'])],
  ].filter(Boolean);
  return (
    <div className={messages.length ? 'rule-row rule-row-invalid' : 'rule-row'}>
      <div className="rule-inputs rule-inputs-count">
        <input
          className="input input-small"
          aria-label={`Event of rule ${number}`}
          placeholder="order.completed"
          value={count.event ?? ''}
          disabled={disabled}
          onChange={(event) => setCount({ event: event.target.value })}
        />
        <button
          type="button"
          className="icon-button"
          aria-label={`Remove rule ${number}`}
          disabled={disabled}
          onClick={onRemove}
        >
          <Icon name="x" size={14} />
        </button>
      </div>
      <div className="rule-inputs rule-inputs-count">
        <span className="rule-word">happened</span>
        <select
          className="input input-small"
          aria-label={`Comparison of rule ${number}`}
          value={String(rule.operator ?? 'greater_or_equal')}
          disabled={disabled}
          onChange={(event) => onChange({ ...rule, operator: event.target.value })}
        >
          {Object.entries(COUNT_LABELS).map(([operator, text]) => (
            <option key={operator} value={operator}>
              {text}
            </option>
          ))}
        </select>
        <ParsedInput
          className="input input-small input-count"
          aria-label={`Times of rule ${number}`}
          inputMode="numeric"
          disabled={disabled}
          value={rule.value as number | undefined}
          format={formatCount}
          parse={parseCount}
          onValue={(next) => onChange({ ...rule, value: next })}
        />
        <span className="rule-word">times</span>
      </div>
      <div className="rule-inputs rule-inputs-count">
        <span className="rule-word">within the last</span>
        <ParsedInput
          className="input input-small input-count"
          aria-label={`Window of rule ${number}`}
          placeholder="any time"
          inputMode="numeric"
          disabled={disabled}
          value={within === undefined ? undefined : within / unit.seconds}
          format={formatCount}
          parse={parseCount}
          onValue={(next) =>
            setCount({
              withinSeconds:
                next === undefined || Number.isNaN(next) ? undefined : Math.round(next * unit.seconds),
            })
          }
        />
        <select
          className="input input-small"
          aria-label={`Window unit of rule ${number}`}
          value={unit.label}
          disabled={disabled || within === undefined}
          onChange={(event) => {
            const next = UNITS.find((candidate) => candidate.label === event.target.value) ?? unit;
            if (within !== undefined) setCount({ withinSeconds: (within / unit.seconds) * next.seconds });
          }}
        >
          {UNITS.map((candidate) => (
            <option key={candidate.label} value={candidate.label}>
              {candidate.label}
            </option>
          ))}
        </select>
      </div>
      {messages.map((message) => (
        <p key={message} className="field-error">
          {message}
        </p>
      ))}
    </div>
  );
}

/** Field paths to pick from in rule inputs: the journey's known traits and event properties. */
export function FieldSuggestions() {
  const { idPrefix, fieldSuggestions = [] } = useFormContext();
  return (
    <datalist id={`${idPrefix}-field-suggestions`}>
      {['stage', ...fieldSuggestions].map((field) => (
        <option key={field} value={field} />
      ))}
    </datalist>
  );
}
