import './RuleBuilder.css';
import { CLV_FIELDS, MAX_RULE_DEPTH } from '@stagecraft/graph';
import { Icon } from '../ui/Icon';
import { type Path, pathKey, useFormContext } from './context';
import { EventCountEditor } from './EventCountEditor';
import { EventOrderEditor } from './EventOrderEditor';
import { FieldRuleEditor } from './FieldRuleEditor';
import type { JsonSchema } from './json-schema';
import type { Rule } from './rule-parts';
import { SegmentRuleEditor } from './SegmentRuleEditor';

type Group = { all: Rule[] } | { any: Rule[] };

interface RuleFieldProps {
  schema: JsonSchema;
  path: Path;
  label: string;
  value: unknown;
  onChange: (value: unknown) => void;
  /** Offers rules on saved segments; off in a segment's own rules, which cannot name segments. */
  savedSegments?: boolean;
}

function groupParts(value: unknown): { key: 'all' | 'any'; rules: Rule[] } {
  const group = (value ?? {}) as { all?: Rule[]; any?: Rule[] };
  if (Array.isArray(group.any)) return { key: 'any', rules: group.any };
  return { key: 'all', rules: Array.isArray(group.all) ? group.all : [] };
}

/** The rule builder for a rule group (`all` / `any` of field rules, event counts and nested groups). */
export function RuleGroupField({
  schema,
  path,
  label,
  value,
  onChange,
  savedSegments = true,
}: RuleFieldProps) {
  const { errors } = useFormContext();
  return (
    <fieldset className="fieldset rule-field">
      <legend>{label}</legend>
      {schema.description && <p className="hint">{schema.description}</p>}
      <RuleGroupEditor
        value={value}
        onChange={onChange}
        path={path}
        depth={1}
        number=""
        savedSegments={savedSegments}
      />
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
  savedSegments: boolean;
}

function RuleGroupEditor({
  value,
  onChange,
  path,
  depth,
  number,
  onRemove,
  savedSegments,
}: GroupEditorProps) {
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
              savedSegments={savedSegments}
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
        if ('eventOrder' in rule) {
          return (
            <EventOrderEditor
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
        if ('segmentId' in rule) {
          return (
            <SegmentRuleEditor
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
        {newRules(savedSegments, depth).map(({ label, rule }) => (
          <button
            key={label}
            type="button"
            className="button button-small button-dashed"
            disabled={disabled}
            onClick={() => set([...rules, rule()])}
          >
            {`+ ${label}`}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * The rules a group can add, as each starts: saved segments where rules may name them (not in a
 * segment's own rules), groups while the depth allows.
 */
function newRules(savedSegments: boolean, depth: number): { label: string; rule: () => Rule }[] {
  return [
    { label: 'Rule', rule: () => ({ field: '', operator: 'equals', value: '' }) },
    {
      label: 'Event count',
      rule: () => ({ eventCount: { event: '' }, operator: 'greater_or_equal', value: 1 }),
    },
    { label: 'Event order', rule: () => ({ eventOrder: { first: '', second: '' }, operator: 'happened' }) },
    ...(savedSegments
      ? [{ label: 'Saved segment', rule: (): Rule => ({ segmentId: '', operator: 'in' }) }]
      : []),
    ...(depth < MAX_RULE_DEPTH ? [{ label: 'Group', rule: (): Rule => ({ any: [] }) }] : []),
  ];
}

/** Field paths to pick from in rule inputs: the journey's known traits and event properties. */
export function FieldSuggestions() {
  const { idPrefix, fieldSuggestions = [] } = useFormContext();
  return (
    <datalist id={`${idPrefix}-field-suggestions`}>
      {['stage', ...fieldSuggestions, ...CLV_FIELDS.map((name) => `clv.${name}`)].map((field) => (
        <option key={field} value={field} />
      ))}
    </datalist>
  );
}
