import type { ReactNode } from 'react';
import { Icon } from '../ui/Icon';

/** One rule of the rule builder: its inputs, marked invalid with its problems listed below them. */
export function RuleRow(props: { messages: readonly (string | undefined)[]; children: ReactNode }) {
  const messages = props.messages.filter((message): message is string => Boolean(message));
  return (
    <div className={messages.length ? 'rule-row rule-row-invalid' : 'rule-row'}>
      {props.children}
      {messages.map((message) => (
        <p key={message} className="field-error">
          {message}
        </p>
      ))}
    </div>
  );
}

/** The button that removes rule `number` (or filter, as `noun` says). */
export function RemoveRule(props: {
  noun?: string;
  number: number | string;
  disabled: boolean;
  onRemove: () => void;
}) {
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={`Remove ${props.noun ?? 'rule'} ${props.number}`}
      disabled={props.disabled}
      onClick={props.onRemove}
    >
      <Icon name="x" size={14} />
    </button>
  );
}
