import type { UseMutationResult } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Icon } from '../ui/Icon';
import { ErrorNotice } from '../ui/Notice';
import { useToast } from '../ui/toasts';

/**
 * Names and creates a credential (a write key or an admin token), then shows its secret once:
 * the form, the creation's error and the shown-once notice, for either kind.
 */
export function CreateCredential<Result>(props: {
  /** What is created, in lower case: "key", "token". */
  noun: string;
  placeholder: string;
  fallbackName: string;
  create: UseMutationResult<Result, Error, string>;
  secretOf: (result: Result) => string;
  testIds: { create: string; created: string };
}) {
  const { create } = props;
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      <CreateCredentialForm
        noun={props.noun}
        placeholder={props.placeholder}
        fallbackName={props.fallbackName}
        pending={create.isPending}
        testId={props.testIds.create}
        onCreate={(name, done) =>
          create.mutate(name, {
            onSuccess: (result) => {
              setSecret(props.secretOf(result));
              done();
            },
          })
        }
      />
      {create.isError && <ErrorNotice error={create.error} />}
      {secret && <ShownOnceSecret noun={props.noun} secret={secret} testId={props.testIds.created} />}
    </>
  );
}

/** The form that names a new credential. */
function CreateCredentialForm(props: {
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
function ShownOnceSecret(props: { noun: string; secret: string; testId: string }) {
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
