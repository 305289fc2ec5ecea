import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { RuleGroupField } from '../forms/RuleBuilder';
import { useCan } from '../people/queries';
import { count, dateTime } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/Notice';
import { useTitle } from '../ui/useTitle';
import {
  type SegmentDetail,
  type SegmentRules,
  segmentQueries,
  useDeleteSegment,
  usePreviewSegment,
  useSaveSegment,
} from './queries';

const RULES_SCHEMA = {
  description: 'Traits as profile.<name>, the lifecycle stage as stage, and event counts within a window.',
};

/** A segment's rules in the rule builder, a preview while editing, its size history and members. */
export function SegmentPage() {
  const { segmentId = 'new' } = useParams();
  const isNew = segmentId === 'new';
  const segment = useQuery({ ...segmentQueries.detail(segmentId), enabled: !isNew });
  if (!isNew && segment.isPending) return <Loading what="the segment" />;
  if (!isNew && segment.isError)
    return <ErrorNotice error={segment.error} onRetry={() => segment.refetch()} />;
  return <SegmentEditor key={segmentId} segment={isNew ? null : (segment.data ?? null)} />;
}

function SegmentEditor({ segment }: { segment: SegmentDetail | null }) {
  useTitle(segment?.name ?? 'New segment');
  const navigate = useNavigate();
  const [name, setName] = useState(segment?.name ?? '');
  const [rules, setRules] = useState<SegmentRules>(segment?.rules ?? { all: [] });
  const save = useSaveSegment();
  const canChange = useCan('segments:write');
  const remove = useDeleteSegment();
  const preview = usePreviewSegment();
  const members = useQuery({ ...segmentQueries.members(segment?.id ?? ''), enabled: segment !== null });
  return (
    <div className="page" data-testid="segment-editor">
      <header className="page-header">
        <div>
          <Link to="/segments" className="back-link">
            Segments
          </Link>
          <h1>{segment ? segment.name : 'New segment'}</h1>
          {segment && <p className="muted">{count(segment.size)} customers now</p>}
        </div>
      </header>
      <section className="card">
        <label className="field">
          <span className="field-label">Name</span>
          <input className="input" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <RuleGroupField
          schema={RULES_SCHEMA}
          path={['rules']}
          label="Customers who match"
          savedSegments={false}
          value={rules}
          onChange={(next) => setRules(next as SegmentRules)}
        />
        {preview.data && (
          <p data-testid="segment-preview">
            {count(preview.data.size)} customers would match now
            {preview.data.sample.length > 0 ? `, such as ${preview.data.sample.join(', ')}` : ''}.
          </p>
        )}
        {(preview.error ?? save.error ?? remove.error) && (
          <p className="field-error">{(preview.error ?? save.error ?? remove.error)?.message}</p>
        )}
        <div className="button-row">
          <button type="button" className="button" onClick={() => preview.mutate(rules)}>
            Preview
          </button>
          {canChange && (
            <button
              type="button"
              className="button button-primary"
              disabled={save.isPending}
              onClick={() =>
                save.mutate(
                  { id: segment?.id, name, rules },
                  { onSuccess: (saved) => navigate(`/segments/${saved.id}`, { replace: true }) },
                )
              }
            >
              Save
            </button>
          )}
          {segment && (
            <button
              type="button"
              className="button button-danger-quiet"
              onClick={() => {
                if (window.confirm(`Delete the segment “${segment.name}”?`))
                  remove.mutate(segment.id, { onSuccess: () => navigate('/segments') });
              }}
            >
              Delete
            </button>
          )}
        </div>
      </section>
      {segment && (
        <section className="card">
          <h2>Size by day</h2>
          <ol className="muted small">
            {segment.sizeHistory.map((point) => (
              <li key={point.day}>
                {point.day}: {count(point.size)}
              </li>
            ))}
          </ol>
          <h2>Members</h2>
          <ul data-testid="segment-members">
            {members.data?.customers.map((member) => (
              <li key={member.customerId}>
                <Link to={`/customers/${encodeURIComponent(member.customerId)}`}>{member.customerId}</Link>
                <span className="muted small"> since {dateTime(member.enteredAt)}</span>
              </li>
            ))}
          </ul>
          {members.data?.next && <p className="muted small">Showing the first 50.</p>}
        </section>
      )}
    </div>
  );
}
