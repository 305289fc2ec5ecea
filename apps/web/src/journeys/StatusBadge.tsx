import type { JourneyStatus } from '../api/types';

const LABELS: Record<JourneyStatus, string> = {
  draft: 'Draft',
  live: 'Live',
  paused: 'Paused',
  archived: 'Archived',
};

/** A coloured pill for a journey's status. */
export function StatusBadge({ status }: { status: JourneyStatus }) {
  return (
    <span className={`badge badge-${status}`} data-testid="journey-status">
      {LABELS[status] ?? status}
    </span>
  );
}
