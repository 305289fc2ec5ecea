import { useQuery } from '@tanstack/react-query';
import type { ChangeSummary, JourneyDetail } from '../api/types';
import { journeyQueries, useDecidePublishRequest } from '../journeys/queries';
import { useCan } from '../people/queries';
import { settingsQueries } from '../settings/queries';
import { dateTime } from '../ui/format';
import { Icon } from '../ui/Icon';
import { useToast } from '../ui/toasts';

/** The changes of a request in one line per kind, as reviewers read them. */
function describeChanges(changes: ChangeSummary): string[] {
  const names = (nodes: ChangeSummary['added']) => nodes.map((node) => node.label ?? node.id).join(', ');
  const lines: string[] = [];
  if (changes.added.length) lines.push(`Added: ${names(changes.added)}`);
  if (changes.removed.length) lines.push(`Removed: ${names(changes.removed)}`);
  if (changes.changed.length) lines.push(`Changed: ${names(changes.changed)}`);
  if (changes.connectionsAdded || changes.connectionsRemoved) {
    lines.push(`Connections: ${changes.connectionsAdded} added, ${changes.connectionsRemoved} removed`);
  }
  if (changes.settingsChanged) lines.push('Journey settings changed');
  if (changes.stagesChanged) lines.push('Stages changed');
  return lines.length ? lines : ['No changes to steps, connections or settings.'];
}

/**
 * A publish waiting for approval, on the journey it concerns: what it changes compared with the
 * live version, and (for admins and owners) Approve and Reject.
 */
export function ApprovalBanner({ journey }: { journey: JourneyDetail }) {
  const requests = useQuery(journeyQueries.publishRequests(journey.id));
  const session = useQuery(settingsQueries.session());
  const canPublish = useCan('journeys:publish');
  const decide = useDecidePublishRequest(journey.id);
  const toast = useToast();
  const pending = requests.data?.find((request) => request.status === 'pending');
  if (!pending) return null;
  const reviewer = canPublish && (session.data?.role === 'admin' || session.data?.role === 'owner');
  const who = pending.requestedBy ? pending.requestedBy.name || pending.requestedBy.email : 'A token';
  return (
    <div className="banner banner-info" data-testid="approval-banner">
      <Icon name="clock" />
      <div>
        <p>
          {who} asked on {dateTime(pending.createdAt)} to publish this draft
          {pending.changes.previousVersion ? ` over version ${pending.changes.previousVersion}` : ''}; it
          waits for an admin’s approval.
        </p>
        <ul className="change-list" data-testid="approval-changes">
          {describeChanges(pending.changes).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
      {reviewer && (
        <>
          <button
            type="button"
            className="button button-small button-primary"
            disabled={decide.isPending}
            onClick={() =>
              decide.mutate(
                { requestId: pending.id, decision: 'approve' },
                {
                  onError: toast.error,
                  onSuccess: (result) =>
                    toast.show(`Approved: version ${result?.version ?? ''} is live.`, 'success'),
                },
              )
            }
          >
            Approve and publish
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={decide.isPending}
            onClick={() => {
              const note = window.prompt('Why is it rejected? The author sees this.') ?? undefined;
              decide.mutate(
                { requestId: pending.id, decision: 'reject', note: note?.trim() || undefined },
                { onError: toast.error, onSuccess: () => toast.show('Publish request rejected.', 'success') },
              );
            }}
          >
            Reject
          </button>
        </>
      )}
    </div>
  );
}
