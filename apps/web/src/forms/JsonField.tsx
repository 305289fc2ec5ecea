import { useEffect, useState } from 'react';
import { type Path, useFormContext } from './context';
import { FieldShell, useFieldAria } from './FieldShell';
import type { JsonSchema } from './json-schema';

interface JsonFieldProps {
  schema: JsonSchema;
  path: Path;
  label: string;
  required?: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
  disabled: boolean;
}

/** Raw JSON for shapes the form has no editor for, checked when the field loses focus. */
export function JsonField({ schema, path, label, required, value, onChange, disabled }: JsonFieldProps) {
  const aria = useFieldAria(path, true);
  const { errors } = useFormContext();
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setText(JSON.stringify(value ?? null, null, 2)), [value]);
  return (
    <FieldShell
      path={path}
      label={label}
      required={required}
      description={schema.description ?? 'Enter JSON.'}
    >
      <textarea
        {...aria}
        className="input input-code"
        rows={4}
        disabled={disabled}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => {
          try {
            onChange(JSON.parse(text));
            setProblem(null);
          } catch {
            setProblem('This is not valid JSON; check quotes, commas and brackets.');
          }
        }}
      />
      {problem && !errors[path.join('.')] && <p className="field-error">{problem}</p>}
    </FieldShell>
  );
}
