import type { ReactNode } from 'react';
import { fieldId, type Path, pathKey, useFormContext } from './context';

interface FieldShellProps {
  path: Path;
  label: string;
  description?: string;
  required?: boolean;
  children: ReactNode;
  /** For controls that label themselves (checkboxes), the shell shows no separate label. */
  inlineLabel?: boolean;
}

/** A label, the control, a hint and the field's error, tied together for screen readers. */
export function FieldShell({ path, label, description, required, children, inlineLabel }: FieldShellProps) {
  const { idPrefix, errors } = useFormContext();
  const id = fieldId(idPrefix, path);
  const error = errors[pathKey(path)];
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      {!inlineLabel && (
        <label htmlFor={id} className="field-label">
          {label}
          {required && (
            <span className="required" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </label>
      )}
      {children}
      {description && (
        <p className="hint" id={`${id}-hint`}>
          {description}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The aria attributes that connect a control to its hint and error. */
export function useFieldAria(path: Path, hasHint: boolean) {
  const { idPrefix, errors } = useFormContext();
  const id = fieldId(idPrefix, path);
  const error = errors[pathKey(path)];
  const describedBy = [hasHint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  } as const;
}
