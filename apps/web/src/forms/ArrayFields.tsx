import { Icon } from '../ui/Icon';
import { fieldId, type Path, pathKey, useFormContext } from './context';
import { FieldShell } from './FieldShell';
import { defaultFor, humanize, type JsonSchema } from './json-schema';
import { ObjectField } from './ObjectFields';
import { ParsedInput } from './ParsedInput';
import { formatScalar, parseScalar } from './scalar';

interface ArrayProps {
  schema: JsonSchema;
  path: Path;
  label: string;
  required?: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
  items: JsonSchema;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A fresh id for a new item that has an `id` field: the next free letter, then `item-N`. */
function freshId(list: readonly unknown[]): string {
  const taken = new Set(list.map((item) => (item as { id?: unknown })?.id));
  for (const letter of 'abcdefghijklmnopqrstuvwxyz') if (!taken.has(letter)) return letter;
  let n = list.length + 1;
  while (taken.has(`item-${n}`)) n++;
  return `item-${n}`;
}

/** A list of objects (split arms, headers, traits to set): add, remove, reorder, edit each in place. */
export function ArrayOfObjectsField({
  schema,
  root,
  path,
  label,
  value,
  onChange,
  items,
}: ArrayProps & { root: JsonSchema }) {
  const { disabled, errors, idPrefix } = useFormContext();
  const list = Array.isArray(value) ? value : [];
  const itemTitle = items.title ?? 'Item';
  const full = schema.maxItems !== undefined && list.length >= schema.maxItems;
  const error = errors[pathKey(path)];
  const set = (next: unknown[]) => onChange(next);
  const move = (from: number, to: number) => {
    const next = [...list];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item);
    set(next);
  };
  const add = () => {
    const item = defaultFor(items, root) as Record<string, unknown>;
    if (items.properties?.id && typeof item === 'object') {
      item.id = freshId(list);
      if (items.properties.label && !item.label) item.label = String(item.id).toUpperCase();
    }
    set([...list, item]);
  };
  return (
    <fieldset className="fieldset" id={fieldId(idPrefix, path)}>
      <legend>{label}</legend>
      {schema.description && <p className="hint">{schema.description}</p>}
      {list.map((item, index) => {
        const name =
          (item as { label?: unknown; name?: unknown })?.label ?? (item as { name?: unknown })?.name;
        const heading = `${itemTitle} ${index + 1}${typeof name === 'string' && name ? ` · ${name}` : ''}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: items have no stable identity of their own; position is what the user edits.
          <fieldset className="array-item" key={index} aria-label={heading}>
            <div className="array-item-head">
              <span className="array-item-title">{heading}</span>
              <button
                type="button"
                className="icon-button"
                aria-label={`Move ${heading} up`}
                disabled={disabled || index === 0}
                onClick={() => move(index, index - 1)}
              >
                <Icon name="arrow-up" size={14} />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Move ${heading} down`}
                disabled={disabled || index === list.length - 1}
                onClick={() => move(index, index + 1)}
              >
                <Icon name="arrow-down" size={14} />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${heading}`}
                disabled={disabled || (schema.minItems !== undefined && list.length <= schema.minItems)}
                onClick={() => set(list.filter((_, position) => position !== index))}
              >
                <Icon name="trash" size={14} />
              </button>
            </div>
            <ObjectField
              schema={items}
              root={root}
              path={[...path, index]}
              label={heading}
              value={item}
              onChange={(next) => set(list.map((current, position) => (position === index ? next : current)))}
              bare
            />
          </fieldset>
        );
      })}
      {error && <p className="field-error">{error}</p>}
      <button
        type="button"
        className="button button-small button-dashed"
        disabled={disabled || full}
        onClick={add}
      >
        + Add {itemTitle.toLowerCase()}
      </button>
    </fieldset>
  );
}

/** A list of plain values: toggles for small number ranges (days of the week) or enums, else a row per value. */
export function ScalarListField({ schema, path, label, required, value, onChange, items }: ArrayProps) {
  const { disabled, idPrefix } = useFormContext();
  const list = Array.isArray(value) ? value : [];
  const range =
    items.enum ??
    (items.type === 'integer' &&
    items.minimum !== undefined &&
    items.maximum !== undefined &&
    items.maximum - items.minimum <= 31
      ? Array.from({ length: items.maximum - items.minimum + 1 }, (_, i) => (items.minimum ?? 0) + i)
      : null);
  if (range) {
    const weekdays = range.length === 7 && range[0] === 0 && range[6] === 6;
    return (
      <FieldShell path={path} label={label} description={schema.description} required={required} inlineLabel>
        <fieldset className="chip-group" id={fieldId(idPrefix, path)}>
          <legend className="field-label">{label}</legend>
          {range.map((option) => {
            const on = list.includes(option);
            const text = weekdays
              ? (WEEKDAYS[option as number] ?? String(option))
              : typeof option === 'string'
                ? humanize(option)
                : String(option);
            return (
              <label key={String(option)} className={on ? 'chip chip-on' : 'chip'}>
                <input
                  type="checkbox"
                  className="visually-hidden"
                  checked={on}
                  disabled={disabled}
                  onChange={() =>
                    onChange(on ? list.filter((item) => item !== option) : [...list, option].sort(compare))
                  }
                />
                {text}
              </label>
            );
          })}
        </fieldset>
      </FieldShell>
    );
  }
  const numeric = items.type === 'number' || items.type === 'integer';
  return (
    <fieldset className="fieldset" id={fieldId(idPrefix, path)}>
      <legend>{label}</legend>
      {schema.description && <p className="hint">{schema.description}</p>}
      {list.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: plain values have no identity besides their position.
        <div className="list-row" key={index}>
          <ParsedInput
            className="input"
            aria-label={`${label} ${index + 1}`}
            disabled={disabled}
            value={item}
            format={numeric ? formatScalar : formatText}
            parse={numeric ? parseScalar : identity}
            onValue={(next) =>
              onChange(list.map((current, position) => (position === index ? next : current)))
            }
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${label} ${index + 1}`}
            disabled={disabled}
            onClick={() => onChange(list.filter((_, position) => position !== index))}
          >
            <Icon name="x" size={14} />
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button-small button-dashed"
        disabled={disabled || (schema.maxItems !== undefined && list.length >= schema.maxItems)}
        onClick={() => onChange([...list, numeric ? 0 : ''])}
      >
        + Add
      </button>
    </fieldset>
  );
}

const identity = (text: string): unknown => text;
const formatText = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const compare = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
