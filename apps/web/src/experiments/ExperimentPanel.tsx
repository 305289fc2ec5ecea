import { lazy, Suspense, useState } from 'react';
import { errorMessage } from '../api/client';
import { useCan } from '../people/queries';
import { count } from '../ui/format';
import { interval, percent, points, pValue } from './format';
import { type ExperimentView, useExperimentDecision } from './queries';

const ResultsChart = lazy(() => import('./ResultsChart'));

/**
 * A split's full results: arms side by side with their intervals, each comparison's lift and
 * p-values, the probability of being best, the sample-ratio warning, sample progress, the
 * verdict, and the two decisions (promote a winner, stop).
 */
export function ExperimentPanel({
  journeyId,
  experiment,
  readOnly,
}: {
  journeyId: string;
  experiment: ExperimentView;
  readOnly: boolean;
}) {
  const { stop, promote } = useExperimentDecision(journeyId);
  const canDecide = useCan('experiments:write');
  const treated = experiment.arms.filter((arm) => !arm.holdout);
  const hasHoldout = experiment.arms.some((arm) => arm.holdout);
  const best = [...experiment.comparisons]
    .filter((c) => c.against === experiment.control)
    .sort((a, b) => b.lift - a.lift)[0];
  const [arm, setArm] = useState(best && best.lift > 0 ? best.arm : experiment.control);
  const [keepHoldout, setKeepHoldout] = useState(true);
  const [migrate, setMigrate] = useState(false);
  const labelOf = (id: string) =>
    id === 'all' ? 'All arms' : (experiment.arms.find((a) => a.id === id)?.label ?? id);
  const { plannedPerArm, smallestArm, reached } = experiment.sampleSize;
  const progress = plannedPerArm ? Math.min(1, smallestArm / plannedPerArm) : 0;
  const failure = stop.error ?? promote.error;
  return (
    <section className="experiment-panel" aria-label="Experiment results" data-testid="experiment-panel">
      <header>
        <h3>Experiment</h3>
        <span className={`badge ${experiment.status === 'running' ? 'badge-live' : 'badge-paused'}`}>
          {experiment.decision?.decision === 'promoted'
            ? `promoted ${labelOf(experiment.decision.arm ?? '')}`
            : experiment.status}
        </span>
      </header>
      <p className="experiment-verdict" data-testid="experiment-verdict">
        {experiment.verdict}
      </p>
      {experiment.srm.flagged && (
        <p className="notice notice-error" role="alert" data-testid="srm-warning">
          Sample ratio mismatch: entries do not match the weights (p = {pValue(experiment.srm.pValue)}). Check
          what sends customers to one arm more than planned before trusting any result.
        </p>
      )}
      <Suspense fallback={<div className="results-chart results-chart-loading">Loading chart…</div>}>
        <ResultsChart arms={experiment.arms} />
      </Suspense>
      <table className="table table-compact" data-testid="experiment-arms">
        <thead>
          <tr>
            <th scope="col">Arm</th>
            <th scope="col">Share</th>
            <th scope="col">Entered</th>
            <th scope="col">Converted</th>
            <th scope="col">Rate (95% interval)</th>
          </tr>
        </thead>
        <tbody>
          {experiment.arms.map((a) => (
            <tr key={a.id} data-arm={a.id}>
              <td>
                {a.label}
                {a.id === experiment.control && <span className="muted small"> · control</span>}
              </td>
              <td>{Math.round(a.weight * 10) / 10}%</td>
              <td>{count(a.entered)}</td>
              <td>{count(a.converted)}</td>
              <td>
                {percent(a.rate)}{' '}
                <span className="muted small">
                  ({percent(a.ci[0])}–{percent(a.ci[1])})
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {experiment.comparisons.length > 0 && (
        <table className="table table-compact" data-testid="experiment-comparisons">
          <thead>
            <tr>
              <th scope="col">Comparison</th>
              <th scope="col">Lift</th>
              <th scope="col">p (Holm)</th>
              <th scope="col">Always-valid</th>
              <th scope="col">Chance best</th>
            </tr>
          </thead>
          <tbody>
            {experiment.comparisons.map((c) => (
              <tr key={`${c.arm}-${c.against}`}>
                <td>
                  {labelOf(c.arm)} vs {labelOf(c.against)}
                </td>
                <td title={`Relative: ${c.relativeLift === null ? '—' : percent(c.relativeLift)}`}>
                  {points(c.lift)} <span className="muted small">{interval(c.liftCi)}</span>
                </td>
                <td>
                  {pValue(c.pValue)} <span className="muted small">({pValue(c.pValueAdjusted)})</span>
                </td>
                <td>
                  {pValue(c.sequential.pValue)}{' '}
                  <span className="muted small">{interval(c.sequential.liftCi)}</span>
                </td>
                <td>{percent(c.probabilityBest)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="experiment-progress" data-testid="sample-progress">
        <span>
          Sample: smallest arm {count(smallestArm)} of {plannedPerArm ? count(plannedPerArm) : '—'} planned
          {reached ? ' (reached)' : ''}
        </span>
        <progress max={1} value={progress} aria-label="Planned sample reached" />
      </div>
      {experiment.decision && (
        <p className="muted small" data-testid="experiment-decision">
          {decisionLine(experiment.decision, labelOf)}
        </p>
      )}
      {experiment.status === 'running' && !readOnly && (
        <div className="experiment-actions">
          <label className="field-inline">
            Winner
            <select className="input input-small" value={arm} onChange={(e) => setArm(e.target.value)}>
              {treated.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
          {hasHoldout && (
            <label className="checkbox-line">
              <input
                type="checkbox"
                checked={keepHoldout}
                onChange={(e) => setKeepHoldout(e.target.checked)}
              />{' '}
              Keep the holdout
            </label>
          )}
          <label className="checkbox-line">
            <input type="checkbox" checked={migrate} onChange={(e) => setMigrate(e.target.checked)} /> Move
            customers in flight to the new version
          </label>
          {canDecide && (
            <div className="button-row">
              <button
                type="button"
                className="button button-primary"
                disabled={promote.isPending || stop.isPending}
                onClick={() => promote.mutate({ nodeId: experiment.nodeId, arm, keepHoldout, migrate })}
              >
                Promote {labelOf(arm)}
              </button>
              <button
                type="button"
                className="button"
                disabled={promote.isPending || stop.isPending}
                onClick={() => stop.mutate(experiment.nodeId)}
              >
                Stop experiment
              </button>
            </div>
          )}
        </div>
      )}
      {failure && (
        <p className="notice notice-error" role="alert">
          {errorMessage(failure)}
        </p>
      )}
    </section>
  );
}

/** Who decided what and when, in one sentence. */
function decisionLine(
  decision: NonNullable<ExperimentView['decision']>,
  labelOf: (id: string) => string,
): string {
  const what =
    decision.decision === 'promoted'
      ? `Promoted ${labelOf(decision.arm ?? '')} in version ${decision.version}`
      : 'Stopped';
  return `${what} on ${new Date(decision.decidedAt).toLocaleString()} by ${decision.decidedBy}. Results as they were then.`;
}
