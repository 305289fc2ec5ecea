import './SimulationPanel.css';
import type { JourneyDocument } from '@stagecraft/graph';
import { type FormEvent, useId, useMemo, useState } from 'react';
import type { CatalogEntry, SimulationStep, TimeUnit } from '../api/types';
import { Icon } from '../ui/Icon';
import { ErrorNotice } from '../ui/Notice';
import { eventsOf } from './journey-events';
import { SimulationResults } from './SimulationResults';
import { TraitsEditor } from './TraitsEditor';
import type { SimulationSession } from './useSimulation';

const UNITS: TimeUnit[] = ['minutes', 'hours', 'days', 'weeks'];

interface SimulationPanelProps {
  session: SimulationSession;
  doc: JourneyDocument;
  catalog: ReadonlyMap<string, CatalogEntry>;
  onFocusNode: (id: string) => void;
}

/**
 * Test mode: describe a customer, send events, move the virtual clock and watch the path light up
 * on the canvas, with the messages and profile changes the journey would make.
 */
export function SimulationPanel({ session, doc, catalog, onFocusNode }: SimulationPanelProps) {
  const ids = useId();
  const { customer, setCustomer, steps, report } = session;
  const events = useMemo(() => eventsOf(doc), [doc]);
  const [eventName, setEventName] = useState(events[0] ?? '');
  const [properties, setProperties] = useState('{}');
  const [propertiesError, setPropertiesError] = useState<string | null>(null);
  const [amount, setAmount] = useState('3');
  const [unit, setUnit] = useState<TimeUnit>('days');
  const add = (step: SimulationStep) => session.run([...steps, step]);

  function sendEvent(event: FormEvent) {
    event.preventDefault();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = properties.trim() ? (JSON.parse(properties) as Record<string, unknown>) : {};
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
    } catch {
      setPropertiesError('Properties must be a JSON object, e.g. {"total": 42}.');
      return;
    }
    setPropertiesError(null);
    if (!eventName.trim()) return;
    add({ type: 'track', customerId: customer.id, event: eventName.trim(), properties: parsed });
  }

  return (
    <section className="simulation" aria-label="Test the journey" data-testid="simulation-panel">
      <p className="hint">
        Runs on a virtual clock with the same engine as production. Nothing is sent or stored.
      </p>
      <fieldset className="fieldset">
        <legend>Test customer</legend>
        <label className="field-label" htmlFor={`${ids}-id`}>
          Customer id
        </label>
        <input
          id={`${ids}-id`}
          className="input input-small"
          value={customer.id}
          data-testid="sim-customer-id"
          onChange={(event) => setCustomer({ ...customer, id: event.target.value || 'test-customer' })}
        />
        <span className="field-label">Traits</span>
        <TraitsEditor traits={customer.traits} onChange={(traits) => setCustomer({ ...customer, traits })} />
        <label className="field-label" htmlFor={`${ids}-zone`}>
          Time zone
        </label>
        <input
          id={`${ids}-zone`}
          className="input input-small"
          value={customer.timeZone}
          onChange={(event) => setCustomer({ ...customer, timeZone: event.target.value })}
        />
        <div className="button-row">
          <button
            type="button"
            className="button button-primary button-small"
            onClick={() => session.run([])}
            disabled={session.pending}
            data-testid="sim-start"
          >
            <Icon name="play" size={14} /> {report ? 'Restart' : 'Start'}
          </button>
          {report && doc.nodes.some((node) => node.type === 'api-trigger') && (
            <button
              type="button"
              className="button button-small"
              onClick={() => add({ type: 'enter', customerId: customer.id })}
              disabled={session.pending}
              data-testid="sim-enter"
            >
              Enter through the API
            </button>
          )}
          {report && (
            <button
              type="button"
              className="button button-small"
              onClick={() => add({ type: 'identify', customerId: customer.id, traits: customer.traits })}
              disabled={session.pending}
              data-testid="sim-identify"
            >
              Apply trait changes
            </button>
          )}
          {report && (
            <button
              type="button"
              className="button button-small button-quiet"
              onClick={session.reset}
              data-testid="sim-reset"
            >
              Reset
            </button>
          )}
        </div>
      </fieldset>

      <form className="fieldset" onSubmit={sendEvent}>
        <span className="legend">Send an event</span>
        <div className="list-row">
          <input
            className="input input-small"
            aria-label="Event name"
            list={`${ids}-events`}
            placeholder="order.completed"
            value={eventName}
            onChange={(event) => setEventName(event.target.value)}
            data-testid="sim-event-name"
          />
          <button
            type="submit"
            className="button button-small"
            disabled={session.pending || !eventName.trim()}
            data-testid="sim-send-event"
          >
            Send
          </button>
        </div>
        <datalist id={`${ids}-events`}>
          {events.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <textarea
          className="input input-code"
          rows={2}
          aria-label="Event properties (JSON)"
          value={properties}
          onChange={(event) => setProperties(event.target.value)}
          data-testid="sim-event-properties"
        />
        {propertiesError && <p className="field-error">{propertiesError}</p>}
      </form>

      <div className="fieldset">
        <span className="legend">Move the clock</span>
        <div className="button-row">
          <button
            type="button"
            className="button button-small"
            disabled={session.pending}
            onClick={() => add({ type: 'advance', amount: 1, unit: 'hours' })}
            data-testid="sim-advance-hour"
          >
            +1 hour
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={session.pending}
            onClick={() => add({ type: 'advance', amount: 1, unit: 'days' })}
            data-testid="sim-advance-day"
          >
            +1 day
          </button>
        </div>
        <div className="list-row">
          <input
            className="input input-small input-count"
            aria-label="Custom amount"
            inputMode="numeric"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            data-testid="sim-advance-amount"
          />
          <select
            className="input input-small"
            aria-label="Custom unit"
            value={unit}
            onChange={(event) => setUnit(event.target.value as TimeUnit)}
            data-testid="sim-advance-unit"
          >
            {UNITS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-small"
            disabled={session.pending || !(Number(amount) > 0)}
            onClick={() => add({ type: 'advance', amount: Number(amount), unit })}
            data-testid="sim-advance-custom"
          >
            Advance
          </button>
        </div>
      </div>

      {session.error ? <ErrorNotice error={session.error} /> : null}
      {session.stale && (
        <p className="notice notice-info">
          The journey changed since this run.{' '}
          <button type="button" className="link-button" onClick={() => session.run(steps)}>
            Run again
          </button>
        </p>
      )}
      {report && (
        <SimulationResults
          session={session}
          doc={doc}
          catalog={catalog}
          events={events}
          onFocusNode={onFocusNode}
        />
      )}
    </section>
  );
}
