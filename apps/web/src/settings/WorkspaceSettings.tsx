import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useCan } from '../people/queries';
import { ErrorNotice, Loading } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import { settingsQueries, useSaveWorkspace, type WorkspaceSettingsValues } from './queries';

/** IANA zone names this browser knows, for suggestions; the server checks the name on save. */
const ZONES: readonly string[] =
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];

/** True when the browser can use the zone; an unknown zone is refused by the server as well. */
function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** What the form edits, from the settings the server answered. */
function valuesOf(settings: WorkspaceSettingsValues): WorkspaceSettingsValues {
  return {
    name: settings.name,
    timeZone: settings.timeZone,
    publishApproval: settings.publishApproval,
    auditRetentionDays: settings.auditRetentionDays,
  };
}

/**
 * The workspace's name, time zone, publish approval and activity retention, and what happens to
 * customers without a valid zone.
 */
export function WorkspaceSettings() {
  const settings = useQuery(settingsQueries.workspace());
  const save = useSaveWorkspace();
  const canChange = useCan('settings:write');
  const toast = useToast();
  const nameId = useId();
  const zoneId = useId();
  const retentionId = useId();
  const [draft, setDraft] = useState<WorkspaceSettingsValues | null>(null);
  useEffect(() => {
    if (settings.data && draft === null) setDraft(valuesOf(settings.data));
  }, [settings.data, draft]);

  if (settings.isPending) return <Loading what="workspace settings" />;
  if (settings.isError) return <ErrorNotice error={settings.error} onRetry={() => settings.refetch()} />;
  const values = draft ?? valuesOf(settings.data);
  const nameProblem = values.name.trim() ? null : 'Give the workspace a name.';
  const zoneProblem = isKnownZone(values.timeZone.trim())
    ? null
    : `“${values.timeZone}” is not a time zone; pick an IANA name such as Europe/Berlin.`;
  const retentionProblem =
    Number.isInteger(values.auditRetentionDays) &&
    values.auditRetentionDays >= 1 &&
    values.auditRetentionDays <= 3650
      ? null
      : 'Keep the activity log between 1 and 3650 days.';
  const dirty =
    values.name !== settings.data.name ||
    values.timeZone !== settings.data.timeZone ||
    values.publishApproval !== settings.data.publishApproval ||
    values.auditRetentionDays !== settings.data.auditRetentionDays;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        name: values.name.trim(),
        timeZone: values.timeZone.trim(),
        publishApproval: values.publishApproval,
        auditRetentionDays: values.auditRetentionDays,
      },
      {
        onSuccess: (saved) => {
          setDraft(valuesOf(saved));
          toast.show('Workspace settings saved.', 'success');
        },
        onError: toast.error,
      },
    );
  };

  return (
    <form
      className="card"
      aria-labelledby="workspace-heading"
      onSubmit={submit}
      data-testid="workspace-settings"
    >
      <h2 id="workspace-heading">Workspace</h2>
      <label htmlFor={nameId} className="field-label">
        Name
      </label>
      <input
        id={nameId}
        className="input"
        value={values.name}
        maxLength={100}
        aria-invalid={nameProblem ? true : undefined}
        onChange={(event) => setDraft({ ...values, name: event.target.value })}
      />
      {nameProblem && <p className="field-error">{nameProblem}</p>}
      <label htmlFor={zoneId} className="field-label">
        Time zone
      </label>
      <input
        id={zoneId}
        className="input"
        list={`${zoneId}-zones`}
        value={values.timeZone}
        maxLength={100}
        aria-invalid={zoneProblem ? true : undefined}
        aria-describedby={`${zoneId}-rules`}
        onChange={(event) => setDraft({ ...values, timeZone: event.target.value })}
        data-testid="workspace-time-zone"
      />
      <datalist id={`${zoneId}-zones`}>
        {ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      {zoneProblem && <p className="field-error">{zoneProblem}</p>}
      <div id={`${zoneId}-rules`} className="hint">
        <p>
          Times of day, dates and “what a day means” are read in each customer’s own zone. When that is not
          possible:
        </p>
        <ul>
          <li>
            <strong>No zone sent:</strong> the journey’s zone if it names one, else this workspace zone.
          </li>
          <li>
            <strong>A zone that does not exist</strong> (say “Mars/Olympus”): the same fallback, and the
            customer’s page says which zone they sent and which one is used.
          </li>
          <li>
            A new zone applies to times placed from now on; customers already waiting keep their wake time.
          </li>
        </ul>
      </div>
      <label className="checkbox-line spaced">
        <input
          type="checkbox"
          checked={values.publishApproval}
          disabled={!canChange}
          onChange={(event) => setDraft({ ...values, publishApproval: event.target.checked })}
          data-testid="publish-approval"
        />
        Publishing needs approval: a marketer’s publish waits until an admin or owner approves it on the
        journey.
      </label>
      <label htmlFor={retentionId} className="field-label">
        Keep activity for (days)
      </label>
      <input
        id={retentionId}
        className="input input-small"
        type="number"
        min={1}
        max={3650}
        step={1}
        value={Number.isNaN(values.auditRetentionDays) ? '' : values.auditRetentionDays}
        aria-invalid={retentionProblem ? true : undefined}
        aria-describedby={`${retentionId}-hint`}
        onChange={(event) => setDraft({ ...values, auditRetentionDays: event.target.valueAsNumber })}
        data-testid="workspace-audit-retention"
      />
      {retentionProblem && <p className="field-error">{retentionProblem}</p>}
      <p id={`${retentionId}-hint`} className="hint">
        Entries of the Activity page older than this are deleted once an hour; nothing else can delete them.
      </p>
      <div className="button-row">
        <span className="push-right" />
        {dirty && (
          <button type="button" className="button" onClick={() => setDraft(null)}>
            Discard changes
          </button>
        )}
        <button
          type="submit"
          className="button button-primary"
          disabled={
            !canChange || !dirty || save.isPending || Boolean(nameProblem || zoneProblem || retentionProblem)
          }
          data-testid="save-workspace"
        >
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
