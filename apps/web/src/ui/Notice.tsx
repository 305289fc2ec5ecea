import type { ReactNode } from 'react';
import { errorMessage } from '../api/client';
import { Icon } from './Icon';

/** An inline error with the sentence from the API and, when there is one, the action that fixes it. */
export function ErrorNotice({
  error,
  onRetry,
  action,
  testId,
}: {
  error: unknown;
  onRetry?: () => void;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="notice notice-error" role="alert" data-testid={testId}>
      <Icon name="alert" />
      <p>{errorMessage(error)}</p>
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          Try again
        </button>
      )}
      {action}
    </div>
  );
}

/** A loading placeholder that says what is loading. */
export function Loading({ what }: { what: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

/** What an empty list shows: a sentence and the next step. */
export function EmptyState({ icon, title, children }: { icon: string; title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <Icon name={icon} size={28} />
      <h3>{title}</h3>
      {children}
    </div>
  );
}
