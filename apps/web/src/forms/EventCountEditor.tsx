import { pathKey, useFormContext } from './context';
import { ParsedInput } from './ParsedInput';
import { RemoveRule, RuleRow } from './RuleRow';
import { COUNT_LABELS, type RuleEditorProps } from './rule-parts';
import { WindowInput } from './WindowInput';

const formatCount = (value: number | undefined) => (value === undefined ? '' : String(value));
const parseCount = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** "order.completed happened at least 2 times within 30 days", counted since the customer entered. */
export function EventCountEditor({ rule, path, number, onChange, onRemove }: RuleEditorProps) {
  const { disabled, errors } = useFormContext();
  const count = (rule.eventCount ?? {}) as { event?: string; where?: unknown[]; withinSeconds?: number };
  const setCount = (patch: Partial<typeof count>) => {
    const next = { ...count, ...patch };
    if (next.withinSeconds === undefined) delete next.withinSeconds;
    onChange({ ...rule, eventCount: next });
  };
  const messages = [
    errors[pathKey([...path, 'eventCount', 'event'])],
    errors[pathKey([...path, 'value'])],
  ].filter(Boolean);
  return (
    <RuleRow messages={messages}>
      <div className="rule-inputs rule-inputs-count">
        <input
          className="input input-small"
          aria-label={`Event of rule ${number}`}
          placeholder="order.completed"
          value={count.event ?? ''}
          disabled={disabled}
          onChange={(event) => setCount({ event: event.target.value })}
        />
        <RemoveRule number={number} disabled={disabled} onRemove={onRemove} />
      </div>
      <div className="rule-inputs rule-inputs-count">
        <span className="rule-word">happened</span>
        <select
          className="input input-small"
          aria-label={`Comparison of rule ${number}`}
          value={String(rule.operator ?? 'greater_or_equal')}
          disabled={disabled}
          onChange={(event) => onChange({ ...rule, operator: event.target.value })}
        >
          {Object.entries(COUNT_LABELS).map(([operator, text]) => (
            <option key={operator} value={operator}>
              {text}
            </option>
          ))}
        </select>
        <ParsedInput
          className="input input-small input-count"
          aria-label={`Times of rule ${number}`}
          inputMode="numeric"
          disabled={disabled}
          value={rule.value as number | undefined}
          format={formatCount}
          parse={parseCount}
          onValue={(next) => onChange({ ...rule, value: next })}
        />
        <span className="rule-word">times</span>
      </div>
      <div className="rule-inputs rule-inputs-count">
        <span className="rule-word">within the last</span>
        <WindowInput
          seconds={count.withinSeconds}
          onChange={(withinSeconds) => setCount({ withinSeconds })}
          label={`rule ${number}`}
          placeholder="any time"
          disabled={disabled}
        />
      </div>
    </RuleRow>
  );
}
