import { useQuery } from '@tanstack/react-query';
import { segmentQueries } from '../segments/queries';
import { pathKey, useFormContext } from './context';
import { RemoveRule, RuleRow } from './RuleRow';
import type { RuleEditorProps } from './rule-parts';

/** "Is in the saved segment Repeat buyers": membership now, as the segment's upkeep keeps it. */
export function SegmentRuleEditor({ rule, path, number, onChange, onRemove }: RuleEditorProps) {
  const { disabled, errors } = useFormContext();
  const segments = useQuery(segmentQueries.list());
  const id = typeof rule.segmentId === 'string' ? rule.segmentId : '';
  const known = segments.data?.some((segment) => segment.id === id) ?? true;
  const messages = [errors[pathKey([...path, 'segmentId'])], errors[pathKey([...path, 'operator'])]];
  if (id && !known) messages.push(`No saved segment has the id ${id}; pick one from the list.`);
  return (
    <RuleRow messages={messages}>
      <div className="rule-inputs rule-inputs-count">
        <select
          className="input input-small"
          aria-label={`Membership of rule ${number}`}
          value={String(rule.operator ?? 'in')}
          disabled={disabled}
          onChange={(event) => onChange({ ...rule, operator: event.target.value })}
        >
          <option value="in">is in segment</option>
          <option value="not_in">is not in segment</option>
        </select>
        <select
          className="input input-small"
          aria-label={`Saved segment of rule ${number}`}
          value={id}
          disabled={disabled || segments.isPending}
          onChange={(event) => onChange({ ...rule, segmentId: event.target.value })}
        >
          <option value="">{segments.isPending ? 'Loading segments…' : 'Pick a saved segment'}</option>
          {id && !known && <option value={id}>{id}</option>}
          {segments.data?.map((segment) => (
            <option key={segment.id} value={segment.id}>
              {segment.name}
            </option>
          ))}
        </select>
        <RemoveRule number={number} disabled={disabled} onRemove={onRemove} />
      </div>
    </RuleRow>
  );
}
