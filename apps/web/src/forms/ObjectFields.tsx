import { fieldId, type Path, useFormContext } from './context';
import { FieldShell } from './FieldShell';
import { classify, defaultFor, humanize, type JsonSchema, resolve } from './json-schema';
import { NumberField, StringField } from './ScalarFields';
import { SchemaField } from './SchemaField';
import { isTemplateField, TemplateField } from './TemplateField';

interface StructuredProps {
  schema: JsonSchema;
  root: JsonSchema;
  path: Path;
  label: string;
  required?: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
}

type Record_ = Record<string, unknown>;
const asRecord = (value: unknown): Record_ =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record_) : {};

/** The fields of an object, in schema order; nested objects get a titled group, the top level none. */
export function ObjectField({
  schema,
  root,
  path,
  label,
  value,
  onChange,
  omit = [],
  bare = false,
}: StructuredProps & { omit?: string[]; bare?: boolean }) {
  const { disabled } = useFormContext();
  const record = asRecord(value);
  const fields = Object.entries(schema.properties ?? {})
    .filter(([key]) => !omit.includes(key))
    .map(([key, property]) => {
      const resolved = resolve(property, root);
      const required = schema.required?.includes(key) ?? false;
      const title = resolved.title ?? humanize(key);
      const childPath = [...path, key];
      const kind = classify(resolved, root).kind;
      const optionalGroup = !required && resolved.default === undefined && kind === 'object';
      if (optionalGroup && record[key] === undefined) {
        return (
          <div className="field" key={key}>
            <button
              type="button"
              className="button button-small button-dashed"
              disabled={disabled}
              onClick={() => onChange({ ...record, [key]: defaultFor(resolved, root) })}
            >
              + {title}
            </button>
            {resolved.description && <p className="hint">{resolved.description}</p>}
          </div>
        );
      }
      return (
        <div key={key} className={optionalGroup ? 'optional-group' : undefined}>
          <SchemaField
            schema={resolved}
            root={root}
            path={childPath}
            label={title}
            required={required}
            value={record[key]}
            onChange={(next) => {
              const updated = { ...record, [key]: next };
              if (next === undefined) delete updated[key];
              onChange(updated);
            }}
          />
          {optionalGroup && (
            <button
              type="button"
              className="button button-small button-quiet"
              disabled={disabled}
              onClick={() => {
                const { [key]: _removed, ...rest } = record;
                onChange(rest);
              }}
            >
              Remove {title.toLowerCase()}
            </button>
          )}
        </div>
      );
    });
  if (path.length === 0 || bare) return <>{fields}</>;
  return (
    <fieldset className="fieldset">
      <legend>{label}</legend>
      {schema.description && <p className="hint">{schema.description}</p>}
      {fields}
    </fieldset>
  );
}

/** A choice between shapes told apart by one property (`mode`, `policy`), then that shape's fields. */
export function UnionField({
  schema,
  root,
  path,
  label,
  value,
  onChange,
  discriminator,
  options,
}: StructuredProps & { discriminator: string; options: JsonSchema[] }) {
  const { idPrefix, disabled } = useFormContext();
  const record = asRecord(value);
  const tagOf = (option: JsonSchema) => option.properties?.[discriminator]?.const;
  const index = options.findIndex((option) => tagOf(option) === record[discriminator]);
  const current = options[index];
  const selectPath = [...path, discriminator];
  const choose = (next: number) => {
    const option = options[next];
    if (!option) return;
    const fresh = asRecord(defaultFor(option, root));
    // Keep what fits the new shape, so switching back and forth does not lose typing.
    for (const key of Object.keys(option.properties ?? {}))
      if (record[key] !== undefined && key !== discriminator) fresh[key] = record[key];
    onChange({ ...fresh, [discriminator]: tagOf(option) });
  };
  const body = (
    <>
      <FieldShell
        path={selectPath}
        label={
          path.length === 0 ? humanize(discriminator) : `${label}: ${humanize(discriminator).toLowerCase()}`
        }
      >
        <select
          id={fieldId(idPrefix, selectPath)}
          className="input"
          disabled={disabled}
          value={index === -1 ? '' : String(index)}
          onChange={(event) => choose(Number(event.target.value))}
        >
          {index === -1 && <option value="">Pick one…</option>}
          {options.map((option, position) => (
            <option key={String(tagOf(option))} value={String(position)}>
              {option.title ?? humanize(String(tagOf(option)))}
            </option>
          ))}
        </select>
        {current?.description && <p className="hint">{current.description}</p>}
      </FieldShell>
      {current && (
        <ObjectField
          schema={current}
          root={root}
          path={path}
          label={label}
          value={record}
          onChange={onChange}
          omit={[discriminator]}
          bare
        />
      )}
    </>
  );
  if (path.length === 0) return body;
  return (
    <fieldset className="fieldset">
      <legend>{label}</legend>
      {schema.description && <p className="hint">{schema.description}</p>}
      {body}
    </fieldset>
  );
}

/** A value that may be left unset: empty text means "none"; groups get an add and a remove button. */
export function NullableField({
  root,
  path,
  label,
  required,
  value,
  onChange,
  inner,
  schema,
}: StructuredProps & { inner: JsonSchema }) {
  const { disabled } = useFormContext();
  const merged = {
    ...inner,
    title: schema.title ?? inner.title,
    description: schema.description ?? inner.description,
  };
  const kind = classify(merged, root).kind;
  const key = String(path[path.length - 1] ?? '');
  if (kind === 'string') {
    return isTemplateField(key, merged) ? (
      <TemplateField
        schema={merged}
        path={path}
        label={label}
        value={value ?? ''}
        onChange={(next) => onChange(next === '' ? null : next)}
      />
    ) : (
      <StringField
        schema={merged}
        path={path}
        label={label}
        value={value ?? ''}
        onChange={onChange}
        empty={null}
      />
    );
  }
  if (kind === 'number') {
    return (
      <NumberField
        schema={merged}
        path={path}
        label={label}
        value={value ?? undefined}
        onChange={(next) => onChange(next ?? null)}
      />
    );
  }
  if (value === null || value === undefined) {
    return (
      <div className="field">
        <button
          type="button"
          className="button button-small button-dashed"
          disabled={disabled}
          onClick={() => onChange(defaultFor(inner, root))}
        >
          + {label}
        </button>
        {merged.description && <p className="hint">{merged.description}</p>}
      </div>
    );
  }
  return (
    <div className="optional-group">
      <SchemaField
        schema={merged}
        root={root}
        path={path}
        label={label}
        required={required}
        value={value}
        onChange={onChange}
      />
      <button
        type="button"
        className="button button-small button-quiet"
        disabled={disabled}
        onClick={() => onChange(null)}
      >
        Remove {label.toLowerCase()}
      </button>
    </div>
  );
}
