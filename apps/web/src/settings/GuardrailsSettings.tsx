import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useCan } from '../people/queries';
import { ErrorNotice, Loading } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import { type ChannelName, channelQueries, type Guardrails, useSaveGuardrails } from './channel-queries';

const CHANNELS: { id: ChannelName; label: string }[] = [
  { id: 'email', label: 'Email' },
  { id: 'sms', label: 'SMS' },
  { id: 'push', label: 'Push' },
];

type Cap = Guardrails['frequencyCaps']['email'][number];

/** Quiet hours, frequency caps and send rates per channel, honoured before every send. */
export function GuardrailsSettings() {
  const stored = useQuery(channelQueries.guardrails());
  const save = useSaveGuardrails();
  const canChange = useCan('settings:write');
  const toast = useToast();
  const [draft, setDraft] = useState<Guardrails | null>(null);
  useEffect(() => {
    if (stored.data && draft === null) setDraft(stored.data);
  }, [stored.data, draft]);
  if (stored.isPending) return <Loading what="guardrails" />;
  if (stored.isError) return <ErrorNotice error={stored.error} onRetry={() => stored.refetch()} />;
  const g = draft ?? stored.data;
  const set = (patch: (next: Guardrails) => void) => {
    const next = structuredClone(g);
    patch(next);
    setDraft(next);
  };
  const setCap = (channel: ChannelName, index: number, cap: Cap | null) =>
    set((next) => {
      const caps = next.frequencyCaps[channel];
      if (cap) caps[index] = cap;
      else caps.splice(index, 1);
    });

  return (
    <section className="card" aria-labelledby="guardrails-heading" data-testid="guardrails-settings">
      <h2 id="guardrails-heading">Quiet hours, caps and send rates</h2>
      <p className="muted">
        Quiet hours and caps apply to marketing messages, in each customer’s time zone (the workspace’s when
        they have none); transactional messages ignore them. Send rates apply to every message, across all
        server processes.
      </p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Quiet hours</th>
            <th scope="col">Frequency caps</th>
            <th scope="col">Per second</th>
          </tr>
        </thead>
        <tbody>
          {CHANNELS.map(({ id, label }) => {
            const quiet = g.quietHours[id];
            return (
              <tr key={id}>
                <th scope="row">{label}</th>
                <td>
                  <label className="field-inline">
                    <input
                      type="checkbox"
                      aria-label={`${label} quiet hours`}
                      checked={quiet !== null}
                      onChange={(e) =>
                        set((next) => {
                          next.quietHours[id] = e.target.checked ? { start: '21:00', end: '08:00' } : null;
                        })
                      }
                    />{' '}
                    {quiet && (
                      <>
                        <input
                          type="time"
                          className="input"
                          aria-label={`${label} quiet from`}
                          value={quiet.start}
                          onChange={(e) =>
                            set((next) => {
                              next.quietHours[id] = { ...quiet, start: e.target.value };
                            })
                          }
                        />
                        –
                        <input
                          type="time"
                          className="input"
                          aria-label={`${label} quiet until`}
                          value={quiet.end}
                          onChange={(e) =>
                            set((next) => {
                              next.quietHours[id] = { ...quiet, end: e.target.value };
                            })
                          }
                        />
                      </>
                    )}
                  </label>
                </td>
                <td>
                  {g.frequencyCaps[id].map((cap, index) => {
                    // Caps have no identity of their own; their place in the list is what the API stores.
                    const calendar = 'calendarDays' in cap;
                    const span = calendar ? cap.calendarDays : cap.days;
                    return (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a cap is its position in the list
                      <div key={`${id}-${index}`} className="cap-row">
                        at most{' '}
                        <input
                          type="number"
                          min={1}
                          className="input input-narrow"
                          aria-label={`${label} cap ${index + 1} messages`}
                          value={cap.max}
                          onChange={(e) => setCap(id, index, { ...cap, max: Number(e.target.value) } as Cap)}
                        />{' '}
                        per{' '}
                        <input
                          type="number"
                          min={1}
                          className="input input-narrow"
                          aria-label={`${label} cap ${index + 1} days`}
                          value={span}
                          onChange={(e) =>
                            setCap(
                              id,
                              index,
                              calendar
                                ? { max: cap.max, calendarDays: Number(e.target.value) }
                                : { max: cap.max, days: Number(e.target.value) },
                            )
                          }
                        />{' '}
                        <select
                          className="input"
                          aria-label={`${label} cap ${index + 1} window`}
                          value={calendar ? 'calendar' : 'rolling'}
                          onChange={(e) =>
                            setCap(
                              id,
                              index,
                              e.target.value === 'calendar'
                                ? { max: cap.max, calendarDays: span }
                                : { max: cap.max, days: span },
                            )
                          }
                        >
                          <option value="rolling">days (rolling)</option>
                          <option value="calendar">calendar days</option>
                        </select>
                        <button type="button" className="button" onClick={() => setCap(id, index, null)}>
                          Remove
                        </button>
                      </div>
                    );
                  })}
                  <button
                    type="button"
                    className="button button-dashed"
                    onClick={() => set((next) => void next.frequencyCaps[id].push({ max: 3, days: 7 }))}
                  >
                    Add cap
                  </button>
                </td>
                <td>
                  <input
                    type="number"
                    min={1}
                    className="input input-narrow"
                    aria-label={`${label} messages per second`}
                    placeholder="no limit"
                    value={g.sendRates[id] ?? ''}
                    onChange={(e) =>
                      set((next) => {
                        next.sendRates[id] = e.target.value === '' ? null : Number(e.target.value);
                      })
                    }
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="button-row">
        <span className="push-right" />
        {canChange && (
          <button
            type="button"
            className="button button-primary"
            disabled={save.isPending || JSON.stringify(g) === JSON.stringify(stored.data)}
            onClick={() =>
              save.mutate(g, {
                onSuccess: () => toast.show('Guardrails saved.', 'success'),
                onError: toast.error,
              })
            }
          >
            Save guardrails
          </button>
        )}
      </div>
    </section>
  );
}
