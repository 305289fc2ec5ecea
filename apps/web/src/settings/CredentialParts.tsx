import { type FormEvent, useId, useState } from 'react';
import { Icon } from '../ui/Icon';
import { useToast } from '../ui/toasts';

/** The form that names and creates a credential (a write key or an admin token). */
export function CreateCredentialForm(props: {
  /** What is created, in lower case: "key", "token". */
  noun: string;
  placeholder: string;
  fallbackName: string;
  pending: boolean;
  testId: string;
  onCreate: (name: string, done: () => void) => void;
}) {
  const nameId = useId();
  const [name, setName] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    props.onCreate(name.trim() || props.fallbackName, () => setName(''));
  }

  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor={nameId} className="visually-hidden">
        Name of the new {props.noun}
      </label>
      <input
        id={nameId}
        className="input"
        placeholder={props.placeholder}
        value={name}
        maxLength={100}
        onChange={(event) => setName(event.target.value)}
      />
      <button
        type="submit"
        className="button button-primary"
        disabled={props.pending}
        data-testid={props.testId}
      >
        <Icon name="plus" size={14} /> Create {props.noun}
      </button>
    </form>
  );
}

/** A new credential's secret, shown once with a copy button; the server never shows it again. */
export function ShownOnceSecret(props: { noun: string; secret: string; testId: string }) {
  const toast = useToast();
  const Noun = props.noun.charAt(0).toUpperCase() + props.noun.slice(1);
  return (
    <div className="notice notice-success" role="status" data-testid={props.testId}>
      <Icon name="key" />
      <div>
        <p>Copy this {props.noun} now; it will not be shown again.</p>
        <code className="secret">{props.secret}</code>
      </div>
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          void navigator.clipboard
            ?.writeText(props.secret)
            .then(() => toast.show(`${Noun} copied.`, 'success'), toast.error)
        }
      >
        Copy
      </button>
    </div>
  );
}
