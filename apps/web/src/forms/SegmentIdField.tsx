import { useQuery } from '@tanstack/react-query';
import { segmentQueries } from '../segments/queries';
import { useFormContext } from './context';
import { FieldShell, useFieldAria } from './FieldShell';
import type { ScalarFieldProps } from './ScalarFields';

/** A saved segment picked by name (the segment trigger's `segmentId`); an unknown id stays shown. */
export function SegmentIdField({ schema, path, label, required, value, onChange }: ScalarFieldProps) {
  const { disabled } = useFormContext();
  const aria = useFieldAria(path, Boolean(schema.description));
  const segments = useQuery(segmentQueries.list());
  const id = typeof value === 'string' ? value : '';
  const known = segments.data?.some((segment) => segment.id === id) ?? true;
  return (
    <FieldShell path={path} label={label} description={schema.description} required={required}>
      <select
        {...aria}
        className="input"
        value={id}
        disabled={disabled || segments.isPending}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{segments.isPending ? 'Loading segments…' : 'Pick a saved segment'}</option>
        {id && !known && <option value={id}>{id} (no such segment)</option>}
        {segments.data?.map((segment) => (
          <option key={segment.id} value={segment.id}>
            {segment.name}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
