import { OPERATORS } from '@stagecraft/graph';
import { pathKey, useFormContext } from './context';
import { ParsedInput } from './ParsedInput';
import { RemoveRule, RuleRow } from './RuleRow';
import { LIST, NO_VALUE, OPERATOR_LABELS, type RuleEditorProps } from './rule-parts';
import { formatList, formatScalar, parseList, parseScalar } from './scalar';

/** One comparison: field, operator, value. The value box follows the operator (none, one, or a list). */
export function FieldRuleEditor({
  rule,
  path,
  number,
  onChange,
  onRemove,
  noun,
  placeholder,
}: RuleEditorProps & { noun: string; placeholder: string }) {
  const { disabled, errors, stages, idPrefix } = useFormContext();
  const operator = String(rule.operator ?? 'equals');
  const field = typeof rule.field === 'string' ? rule.field : '';
  const errorFor = (part: string) => errors[pathKey([...path, part])];
  const setOperator = (next: string) => {
    const { value, ...rest } = rule;
    if (NO_VALUE.has(next)) return onChange({ ...rest, operator: next });
    if (LIST.has(next))
      return onChange({
        ...rest,
        operator: next,
        value: Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value],
      });
    onChange({ ...rest, operator: next, value: Array.isArray(value) ? (value[0] ?? '') : (value ?? '') });
  };
  const messages = [errorFor('field'), errorFor('operator'), errorFor('value')].filter(Boolean);
  return (
    <RuleRow messages={messages}>
      <div className="rule-inputs">
        <input
          className="input input-small"
          aria-label={`Field of ${noun} ${number}`}
          aria-invalid={errorFor('field') ? true : undefined}
          list={`${idPrefix}-field-suggestions`}
          placeholder={placeholder}
          value={field}
          disabled={disabled}
          onChange={(event) => onChange({ ...rule, field: event.target.value.trim() })}
        />
        <select
          className="input input-small"
          aria-label={`Operator of ${noun} ${number}`}
          value={operator}
          disabled={disabled}
          onChange={(event) => setOperator(event.target.value)}
        >
          {OPERATORS.map((candidate) => (
            <option key={candidate} value={candidate}>
              {OPERATOR_LABELS[candidate] ?? candidate}
            </option>
          ))}
        </select>
        {!NO_VALUE.has(operator) &&
          (field === 'stage' && stages?.length && !LIST.has(operator) ? (
            <select
              className="input input-small"
              aria-label={`Value of ${noun} ${number}`}
              value={typeof rule.value === 'string' ? rule.value : ''}
              disabled={disabled}
              onChange={(event) => onChange({ ...rule, value: event.target.value })}
            >
              <option value="">Pick a stage…</option>
              {stages.map((stage) => (
                <option key={stage.id} value={stage.id}>
                  {stage.name}
                </option>
              ))}
            </select>
          ) : (
            <ParsedInput
              className="input input-small"
              aria-label={
                LIST.has(operator)
                  ? `Values of ${noun} ${number}, separated by commas`
                  : `Value of ${noun} ${number}`
              }
              aria-invalid={errorFor('value') ? true : undefined}
              placeholder={LIST.has(operator) ? 'pro, team' : 'value'}
              disabled={disabled}
              value={rule.value}
              format={LIST.has(operator) ? formatList : formatScalar}
              parse={LIST.has(operator) ? parseList : parseRuleValue}
              onValue={(next) => onChange({ ...rule, value: next })}
            />
          ))}
        <RemoveRule noun={noun} number={number} disabled={disabled} onRemove={onRemove} />
      </div>
    </RuleRow>
  );
}

const parseRuleValue = (text: string) => (text.trim() === '' ? '' : parseScalar(text));
