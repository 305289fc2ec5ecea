import type { JourneyDocument } from '@stagecraft/graph';
import { useState } from 'react';
import type { CatalogEntry } from '../api/types';
import { stepNameById } from '../editor/step-name';
import { dateTime } from '../ui/format';
import { Icon } from '../ui/Icon';
import { BOOKKEEPING, describeEffect, describeStep } from './describe';
import type { SimulationSession } from './useSimulation';

interface ResultsProps {
  session: SimulationSession;
  doc: JourneyDocument;
  catalog: ReadonlyMap<string, CatalogEntry>;
  /** Event names the journey listens for, suggested when the customer has not entered. */
  events: readonly string[];
  onFocusNode: (id: string) => void;
}

/** What the simulation shows after each step: the virtual time, what happened, the path and the effects. */
export function SimulationResults({ session, doc, catalog, events, onFocusNode }: ResultsProps) {
  const { customer, steps, report, runs } = session;
  const [showAll, setShowAll] = useState(false);
  if (!report) return null;
  const nameOf = (id: string) => stepNameById(doc, catalog, id);
  const effects = report.effects.filter((effect) => showAll || !BOOKKEEPING.has(effect.type));
  // Effects of the last step are pointed out, so each click shows what it caused.
  const fresh = new Set(session.newEffects > 0 ? report.effects.slice(-session.newEffects) : []);
  return (
    <div className="sim-results" aria-live="polite">
      <p className="sim-clock" data-testid="sim-clock">
        <Icon name="clock" size={14} /> Virtual time: {dateTime(report.now)}
      </p>
      {steps.length > 0 && (
        <ol className="sim-log" aria-label="What happened so far">
          {steps.map((step, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows; its order is its identity.
            <li key={index}>{describeStep(step)}</li>
          ))}
        </ol>
      )}
      <h4>Path</h4>
      {runs.length === 0 ? (
        <p className="muted" data-testid="sim-path">
          {customer.id} has not entered the journey. {events.length > 0 && `Try sending ${events[0]}.`}
        </p>
      ) : (
        runs.map((run) => (
          <div key={run.runId} className="sim-run" data-testid="sim-path" data-status={run.status}>
            <span className={`badge badge-run-${run.status}`} title={run.exitReason ?? undefined}>
              {run.status}
            </span>
            {run.exitReason?.includes(': ') && (
              <span className="muted small" data-testid="sim-exit-reason">
                {' '}
                {run.exitReason}
              </span>
            )}
            <ol className="sim-path">
              {run.path.map((nodeId, index) => (
                <li
                  // biome-ignore lint/suspicious/noArrayIndexKey: a path may pass the same step twice.
                  key={`${nodeId}-${index}`}
                  className={
                    nodeId === run.currentNodeId && run.status === 'active' ? 'sim-current' : undefined
                  }
                >
                  <button type="button" className="link-button" onClick={() => onFocusNode(nodeId)}>
                    {nameOf(nodeId)}
                  </button>
                </li>
              ))}
            </ol>
          </div>
        ))
      )}
      <h4>
        Effects
        <label className="checkbox-line small">
          <input type="checkbox" checked={showAll} onChange={(event) => setShowAll(event.target.checked)} />{' '}
          timers and steps too
        </label>
      </h4>
      <ul className="sim-effects" data-testid="sim-effects">
        {effects.length === 0 && <li className="muted">Nothing yet.</li>}
        {effects.map((effect, index) => (
          <li
            key={effect.key ?? index}
            data-effect-type={effect.type}
            className={fresh.has(effect) ? 'sim-effect-new' : undefined}
          >
            <span className="sim-effect-node">
              {nameOf(effect.nodeId)}
              {fresh.has(effect) && <span className="sim-new"> · new</span>}
            </span>
            {describeEffect(effect)}
          </li>
        ))}
      </ul>
    </div>
  );
}
