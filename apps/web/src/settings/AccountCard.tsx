import { type FormEvent, type ReactNode, useState } from 'react';
import { errorMessage } from '../api/client';
import { Icon } from '../ui/Icon';

/** The frame every account form shares. */
export function AccountCard({
  title,
  children,
  onSubmit,
  testId,
  icon = 'key',
}: {
  title: string;
  /** The mark above the title. */
  icon?: string;
  children: ReactNode;
  onSubmit: (event: FormEvent) => void;
  testId: string;
}) {
  return (
    <form className="card sign-in" onSubmit={onSubmit} data-testid={testId}>
      <div className="sign-in-mark" aria-hidden="true">
        <Icon name={icon} size={22} />
      </div>
      <h1>{title}</h1>
      {children}
    </form>
  );
}

/** Runs a form's request, keeping its progress and the sentence to show when it fails. */
export function useSubmit() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(action: () => Promise<void>, explain: (failure: unknown) => string = errorMessage) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(explain(failure));
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, run };
}

/** A form's failure, read out when it appears. */
export function FormError({ error }: { error: string | null }) {
  return error ? (
    <p className="field-error" role="alert">
      {error}
    </p>
  ) : null;
}
