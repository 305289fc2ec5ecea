import { type Path, useFormContext } from './context';
import { FieldShell, useFieldAria } from './FieldShell';
import type { JsonSchema } from './json-schema';
import { humanize, isSecret } from './json-schema';
import { ParsedInput } from './ParsedInput';
import { formatScalar, parseScalar } from './scalar';

export interface ScalarFieldProps {
  schema: JsonSchema;
  path: Path;
  label: string;
  required?: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
  /** What an empty input means: `undefined` for optional fields, `null` for nullable ones. */
  empty?: null | undefined | '';
}

/** A one-line text input; a `stage` field becomes a pick list of the journey's stages. */
export function StringField({
  schema,
  path,
  label,
  required,
  value,
  onChange,
  empty = '',
}: ScalarFieldProps) {
  const { disabled, stages } = useFormContext();
  const aria = useFieldAria(path, Boolean(schema.description));
  const text = typeof value === 'string' ? value : '';
  const isStage = path[path.length - 1] === 'stage' && stages && stages.length > 0;
  return (
    <FieldShell path={path} label={label} description={schema.description} required={required}>
      {isStage ? (
        <select
          {...aria}
          className="input"
          value={text}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
        >
          <option value="">Pick a stage…</option>
          {stages.map((stage) => (
            <option key={stage.id} value={stage.id}>
              {stage.name}
            </option>
          ))}
          {text && !stages.some((stage) => stage.id === text) && (
            <option value={text}>{text} (not in this journey)</option>
          )}
        </select>
      ) : (
        <input
          {...aria}
          className="input"
          value={text}
          disabled={disabled}
          maxLength={schema.maxLength}
          type={isSecret(schema) ? 'password' : schema.format === 'uri' ? 'url' : 'text'}
          autoComplete={isSecret(schema) ? 'off' : undefined}
          onChange={(event) => onChange(event.target.value === '' ? empty : event.target.value)}
        />
      )}
    </FieldShell>
  );
}

const formatNumber = (value: unknown) => (typeof value === 'number' ? String(value) : '');
const parseNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** A number input that keeps half-typed numbers and reports empty as missing. */
export function NumberField({ schema, path, label, required, value, onChange }: ScalarFieldProps) {
  const { disabled } = useFormContext();
  const aria = useFieldAria(path, Boolean(schema.description));
  return (
    <FieldShell path={path} label={label} description={schema.description} required={required}>
      <ParsedInput
        {...aria}
        className="input input-number"
        inputMode="decimal"
        disabled={disabled}
        value={value as number | undefined}
        format={formatNumber}
        parse={parseNumber}
        onValue={onChange}
      />
    </FieldShell>
  );
}

/** A checkbox that carries its own label. */
export function BooleanField({ schema, path, label, value, onChange }: ScalarFieldProps) {
  const { disabled } = useFormContext();
  const aria = useFieldAria(path, Boolean(schema.description));
  return (
    <FieldShell path={path} label={label} description={schema.description} inlineLabel>
      <label className="checkbox-line">
        <input
          {...aria}
          type="checkbox"
          checked={value === true}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked)}
        />
        {label}
      </label>
    </FieldShell>
  );
}

/** A pick list of the schema's allowed values. */
export function EnumField({
  schema,
  path,
  label,
  required,
  value,
  onChange,
}: ScalarFieldProps & { values?: unknown[] }) {
  const { disabled } = useFormContext();
  const aria = useFieldAria(path, Boolean(schema.description));
  const values = schema.enum ?? (schema.const !== undefined ? [schema.const] : []);
  const index = values.indexOf(value);
  return (
    <FieldShell path={path} label={label} description={schema.description} required={required}>
      <select
        {...aria}
        className="input"
        disabled={disabled}
        value={index === -1 ? '' : String(index)}
        onChange={(event) => onChange(values[Number(event.target.value)])}
      >
        {index === -1 && <option value="">Pick one…</option>}
        {values.map((option, position) => (
          <option key={String(option)} value={String(position)}>
            {typeof option === 'string' ? humanize(option) : String(option)}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Any text, number, true/false or null; quotes keep a number as text. */
export function ScalarField({ schema, path, label, required, value, onChange, empty }: ScalarFieldProps) {
  const { disabled } = useFormContext();
  const aria = useFieldAria(path, true);
  return (
    <FieldShell
      path={path}
      label={label}
      required={required}
      description={`${schema.description ? `${schema.description} ` : ''}Numbers and true/false are read as such; put text in quotes to keep it as text.`}
    >
      <ParsedInput
        {...aria}
        className="input"
        disabled={disabled}
        value={value}
        format={formatScalar}
        parse={(text: string) => (text.trim() === '' ? empty : parseScalar(text))}
        onValue={onChange}
      />
    </FieldShell>
  );
}
