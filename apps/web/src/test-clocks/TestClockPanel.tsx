import './TestClockPanel.css';
import type { JourneyDocument } from '@stagecraft/graph';
import { useQueries, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { JourneyDetail } from '../api/types';
import { customerQueries } from '../customers/queries';
import { eventsOf } from '../simulation/journey-events';
import { TraitsEditor } from '../simulation/TraitsEditor';
import { ErrorNotice } from '../ui/Notice';
import { testClockQueries, useTestClockActions } from './queries';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `datetime-local` text for a time, in the browser's zone. */
function localInput(iso: string): string {
  const date = new Date(iso);
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

const fromLocalInput = (text: string) => new Date(text).toISOString();
const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const shown = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface TestClockPanelProps {
  journey: JourneyDetail;
  doc: JourneyDocument;
  onFocusNode: (id: string) => void;
}

/**
 * Test clocks on the real runtime: customers created on a clock run through the published
 * journey with real channels and HTTP steps; moving the clock fires their waits in order.
 */
export function TestClockPanel({ journey, doc, onFocusNode }: TestClockPanelProps) {
  const ids = useId();
  const clocks = useQuery(testClockQueries.list());
  const actions = useTestClockActions();
  const [chosen, setChosen] = useState<string | null>(null);
  const clockId = chosen ?? clocks.data?.[0]?.id ?? null;
  const clock = useQuery({ ...testClockQueries.detail(clockId ?? ''), enabled: clockId !== null });
  const customers = useQueries({
    queries: (clock.data?.customerIds ?? []).map((id) => customerQueries.detail(id)),
  });
  const events = useMemo(() => eventsOf(doc), [doc]);
  const [name, setName] = useState('QA clock');
  const [start, setStart] = useState(() => localInput(new Date().toISOString()));
  const [userId, setUserId] = useState('qa-customer-1');
  const [traits, setTraits] = useState<Record<string, unknown>>({ email: 'qa@example.com' });
  const [eventName, setEventName] = useState(events[0] ?? '');
  const [eventUser, setEventUser] = useState('');
  const [target, setTarget] = useState('');
  const pending = Object.values(actions).some((action) => action.isPending);
  const error = Object.values(actions).find((action) => action.error)?.error ?? clocks.error ?? clock.error;
  const ran = actions.advance.data?.ran;

  function createClock(event: FormEvent) {
    event.preventDefault();
    actions.create.mutate(
      { name: name.trim() || 'QA clock', start: fromLocalInput(start) },
      { onSuccess: (created) => setChosen(created.id) },
    );
  }

  const advanceTo = (to: string) => clockId && actions.advance.mutate({ id: clockId, to });

  return (
    <section className="simulation" aria-label="Test clocks" data-testid="test-clock-panel">
      <p className="hint">
        Customers on a test clock run through the published journey for real: messages and HTTP steps are
        sent, and their waits end when you move the clock. They are left out of statistics and experiments.
      </p>
      {journey.status !== 'live' && (
        <p className="notice notice-info">Publish the journey to run test-clock customers through it.</p>
      )}
      <form className="fieldset" onSubmit={createClock}>
        <span className="legend">New clock</span>
        <div className="list-row">
          <input
            className="input input-small"
            aria-label="Clock name"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <input
            className="input input-small"
            type="datetime-local"
            aria-label="Start time"
            value={start}
            onChange={(event) => setStart(event.target.value)}
          />
          <button type="submit" className="button button-small" disabled={pending} data-testid="clock-create">
            Create
          </button>
        </div>
      </form>

      {clocks.data && clocks.data.length > 0 && (
        <div className="fieldset">
          <label className="field-label" htmlFor={`${ids}-clock`}>
            Clock
          </label>
          <div className="list-row">
            <select
              id={`${ids}-clock`}
              className="input input-small"
              value={clockId ?? ''}
              onChange={(event) => setChosen(event.target.value)}
              data-testid="clock-select"
            >
              {clocks.data.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.customers} customers)
                </option>
              ))}
            </select>
            {clockId && (
              <button
                type="button"
                className="button button-small button-quiet"
                disabled={pending}
                onClick={() => actions.remove.mutate(clockId, { onSuccess: () => setChosen(null) })}
              >
                Delete
              </button>
            )}
          </div>
          {clock.data && (
            <p data-testid="clock-now">
              Clock time: <strong>{shown(clock.data.now)}</strong>
              {ran !== undefined && <span className="muted"> · {ran} steps ran on the last move</span>}
            </p>
          )}
        </div>
      )}

      {clock.data && clockId && (
        <>
          <div className="fieldset">
            <span className="legend">Move the clock</span>
            <div className="button-row">
              {[
                ['+1 hour', HOUR],
                ['+1 day', DAY],
                ['+1 week', 7 * DAY],
              ].map(([label, ms]) => (
                <button
                  key={label}
                  type="button"
                  className="button button-small"
                  disabled={pending}
                  onClick={() => advanceTo(later(clock.data.now, ms as number))}
                >
                  {label}
                </button>
              ))}
            </div>
            <div className="list-row">
              <input
                className="input input-small"
                type="datetime-local"
                aria-label="Advance to"
                value={target || localInput(later(clock.data.now, DAY))}
                onChange={(event) => setTarget(event.target.value)}
              />
              <button
                type="button"
                className="button button-small"
                disabled={pending}
                onClick={() => advanceTo(fromLocalInput(target || localInput(later(clock.data.now, DAY))))}
                data-testid="clock-advance"
              >
                Advance
              </button>
            </div>
          </div>

          <form
            className="fieldset"
            onSubmit={(event) => {
              event.preventDefault();
              actions.addCustomer.mutate({ id: clockId, userId: userId.trim(), traits });
            }}
          >
            <span className="legend">Add a customer</span>
            <input
              className="input input-small"
              aria-label="Customer id"
              value={userId}
              onChange={(event) => setUserId(event.target.value)}
              data-testid="clock-customer-id"
            />
            <TraitsEditor traits={traits} onChange={setTraits} />
            <button type="submit" className="button button-small" disabled={pending || !userId.trim()}>
              Add customer
            </button>
          </form>

          <form
            className="fieldset"
            onSubmit={(event) => {
              event.preventDefault();
              const who = eventUser || clock.data.customerIds[0];
              if (who && eventName.trim())
                actions.track.mutate({ id: clockId, userId: who, event: eventName.trim(), properties: {} });
            }}
          >
            <span className="legend">Send an event</span>
            <div className="list-row">
              <select
                className="input input-small"
                aria-label="Customer"
                value={eventUser || clock.data.customerIds[0] || ''}
                onChange={(event) => setEventUser(event.target.value)}
              >
                {clock.data.customerIds.map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </select>
              <input
                className="input input-small"
                aria-label="Event name"
                list={`${ids}-events`}
                value={eventName}
                onChange={(event) => setEventName(event.target.value)}
              />
              <button
                type="submit"
                className="button button-small"
                disabled={pending || clock.data.customerIds.length === 0 || !eventName.trim()}
                data-testid="clock-send-event"
              >
                Send
              </button>
            </div>
            <datalist id={`${ids}-events`}>
              {events.map((event) => (
                <option key={event} value={event} />
              ))}
            </datalist>
          </form>

          <div className="fieldset">
            <span className="legend">Customers in this journey</span>
            <ul className="clock-customers" data-testid="clock-customers">
              {customers.map((customer, index) => {
                const id = clock.data.customerIds[index]!;
                const run = customer.data?.runs.find((r) => r.journeyId === journey.id);
                return (
                  <li key={id}>
                    <Link to={`/customers/${encodeURIComponent(id)}`}>{id}</Link>{' '}
                    {!run && <span className="muted">not in this journey</span>}
                    {run && (
                      <>
                        <span className="badge">{run.status}</span>{' '}
                        {run.currentNodeId && (
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => run.currentNodeId && onFocusNode(run.currentNodeId)}
                          >
                            at {doc.nodes.find((n) => n.id === run.currentNodeId)?.label ?? run.currentNodeId}
                          </button>
                        )}
                        {run.wakeAt && <span className="muted"> · moves on {shown(run.wakeAt)}</span>}
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        </>
      )}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
