import { pathKey, useFormContext } from './context';
import { RemoveRule, RuleRow } from './RuleRow';
import type { RuleEditorProps } from './rule-parts';
import { WindowInput } from './WindowInput';

type EventOrder = { first?: string; second?: string; withinSeconds?: number };

/** "pricing.viewed happened before trial.started, at most 1 day before", since the customer entered. */
export function EventOrderEditor({ rule, path, number, onChange, onRemove }: RuleEditorProps) {
  const { disabled, errors } = useFormContext();
  const order = (rule.eventOrder ?? {}) as EventOrder;
  const setOrder = (patch: Partial<EventOrder>) => {
    const next = { ...order, ...patch };
    if (next.withinSeconds === undefined) delete next.withinSeconds;
    onChange({ ...rule, eventOrder: next });
  };
  const orderPath = [...path, 'eventOrder'];
  const messages = [
    errors[pathKey([...orderPath, 'first'])],
    errors[pathKey([...orderPath, 'second'])],
    errors[pathKey([...orderPath, 'withinSeconds'])],
    errors[pathKey([...path, 'operator'])],
  ].filter(Boolean);
  return (
    <RuleRow messages={messages}>
      <div className="rule-inputs rule-inputs-count">
        <input
          className="input input-small"
          aria-label={`First event of rule ${number}`}
          placeholder="pricing.viewed"
          value={order.first ?? ''}
          disabled={disabled}
          onChange={(event) => setOrder({ first: event.target.value })}
        />
        <RemoveRule number={number} disabled={disabled} onRemove={onRemove} />
      </div>
      <div className="rule-inputs rule-inputs-count">
        <select
          className="input input-small"
          aria-label={`Whether it happened, rule ${number}`}
          value={String(rule.operator ?? 'happened')}
          disabled={disabled}
          onChange={(event) => onChange({ ...rule, operator: event.target.value })}
        >
          <option value="happened">happened before</option>
          <option value="not_happened">did not happen before</option>
        </select>
        <input
          className="input input-small"
          aria-label={`Second event of rule ${number}`}
          placeholder="trial.started"
          value={order.second ?? ''}
          disabled={disabled}
          onChange={(event) => setOrder({ second: event.target.value })}
        />
      </div>
      <div className="rule-inputs rule-inputs-count">
        <span className="rule-word">at most</span>
        <WindowInput
          seconds={order.withinSeconds}
          onChange={(withinSeconds) => setOrder({ withinSeconds })}
          label={`rule ${number}`}
          placeholder="any time"
          disabled={disabled}
        />
        <span className="rule-word">before it, since the customer entered</span>
      </div>
    </RuleRow>
  );
}
