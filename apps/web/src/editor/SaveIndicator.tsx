import { timeAgo } from '../ui/format';
import { Icon } from '../ui/Icon';
import type { Autosave } from './useAutosave';

const TEXT = {
  saved: 'Saved',
  pending: 'Unsaved changes',
  saving: 'Saving…',
  error: 'Not saved',
  conflict: 'Edited elsewhere',
} as const;

/** Says whether the draft is safe on the server: saved, saving, or what went wrong. */
export function SaveIndicator({ autosave, readOnly }: { autosave: Autosave; readOnly: boolean }) {
  if (readOnly) {
    return (
      <span className="save-indicator save-readonly" data-testid="save-indicator" data-state="readonly">
        <Icon name="eye" size={14} /> Read-only
      </span>
    );
  }
  const { state, savedAt, message } = autosave;
  return (
    <span
      className={`save-indicator save-${state}`}
      data-testid="save-indicator"
      data-state={state}
      role="status"
      title={message ?? (savedAt ? `Saved ${timeAgo(new Date(savedAt).toISOString())}` : undefined)}
    >
      <Icon
        name={state === 'saved' ? 'check' : state === 'error' || state === 'conflict' ? 'alert' : 'dot'}
        size={14}
      />
      {TEXT[state]}
      {state === 'error' && (
        <button type="button" className="link-button" onClick={() => void autosave.flush()}>
          Retry
        </button>
      )}
    </span>
  );
}
