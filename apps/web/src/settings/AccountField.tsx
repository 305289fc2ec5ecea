import { useId } from 'react';

/** One labelled input of the account forms (sign-in, first run, reset, invitation). */
export function AccountField({
  label,
  type = 'text',
  value,
  onChange,
  autoComplete,
  hint,
}: {
  label: string;
  type?: 'text' | 'email' | 'password';
  value: string;
  onChange: (value: string) => void;
  autoComplete?: string;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        id={id}
        className="input"
        type={type}
        autoComplete={autoComplete}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** The minimum the server asks of a new password, said before it refuses. */
export const PASSWORD_HINT = 'At least 10 characters; a few unrelated words make a strong one.';
