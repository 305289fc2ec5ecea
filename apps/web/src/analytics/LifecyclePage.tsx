import './lifecycle.css';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import type { Interval, StageFunnelRow } from '../api/types';
import { ErrorNotice, Loading } from '../ui/Notice';
import { useTitle } from '../ui/useTitle';
import { ClvModelCard } from './ClvModelCard';
import { formatMetric, lastDays, PRESETS } from './period';
import { analyticsQueries, type Period } from './queries';

// Charts load on this page only, so the editor's bundle carries no charting code.
const StageFunnelChart = lazy(() => import('./charts/StageFunnelChart'));
const MetricChart = lazy(() => import('./charts/MetricChart'));

/** The lifecycle at a glance: the stage funnel, each lifecycle metric over time, and the CLV model. */
export function LifecyclePage() {
  useTitle('Lifecycle');
  const [period, setPeriod] = useState<Period>(() => lastDays(30, new Date()));
  const [interval, setInterval] = useState<Interval>('day');
  const stages = useQuery(analyticsQueries.stages(period));
  const metrics = useQuery(analyticsQueries.metrics(period, interval));
  const valid = period.from <= period.to;
  return (
    <div className="page lifecycle-page">
      <header className="page-header">
        <h1>Lifecycle</h1>
        <fieldset className="period-picker" aria-label="Period">
          {PRESETS.map((preset) => (
            <button
              key={preset.days}
              type="button"
              className="button button-small"
              onClick={() => {
                setPeriod(lastDays(preset.days, new Date()));
                setInterval(preset.interval);
              }}
            >
              {preset.label}
            </button>
          ))}
          <label className="field-inline">
            From
            <input
              type="date"
              className="input input-small"
              value={period.from}
              max={period.to}
              onChange={(event) => event.target.value && setPeriod({ ...period, from: event.target.value })}
            />
          </label>
          <label className="field-inline">
            To
            <input
              type="date"
              className="input input-small"
              value={period.to}
              min={period.from}
              onChange={(event) => event.target.value && setPeriod({ ...period, to: event.target.value })}
            />
          </label>
          <label className="field-inline">
            By
            <select
              className="input input-small"
              value={interval}
              onChange={(event) => setInterval(event.target.value as Interval)}
            >
              <option value="day">day</option>
              <option value="week">week</option>
              <option value="month">month</option>
            </select>
          </label>
        </fieldset>
      </header>
      {!valid && <p className="notice notice-info">Pick a start on or before the end of the period.</p>}
      <section className="card" aria-labelledby="funnel-heading">
        <h2 id="funnel-heading">Stage funnel</h2>
        {stages.isPending ? (
          <Loading what="the funnel" />
        ) : stages.isError ? (
          <ErrorNotice error={stages.error} onRetry={() => stages.refetch()} />
        ) : (
          <>
            <Suspense fallback={<Loading what="the chart" />}>
              <StageFunnelChart stages={stages.data.stages} />
            </Suspense>
            <FunnelTable stages={stages.data.stages} churnDays={stages.data.churnDays} />
          </>
        )}
      </section>
      <section aria-labelledby="metrics-heading">
        <h2 id="metrics-heading">Metrics</h2>
        {metrics.isPending ? (
          <Loading what="the metrics" />
        ) : metrics.isError ? (
          <ErrorNotice error={metrics.error} onRetry={() => metrics.refetch()} />
        ) : (
          <div className="metric-grid" data-testid="lifecycle-metrics">
            {metrics.data.metrics.map((metric) => {
              const last = [...metric.points].reverse().find((point) => point.value !== null);
              return (
                <article key={metric.id} className="card metric-card">
                  <h3>{metric.name}</h3>
                  <p className="metric-latest">
                    {formatMetric(last?.value ?? null, metric.unit, metrics.data.currency)}
                    {last && <span className="muted small"> · {last.start}</span>}
                  </p>
                  <Suspense fallback={<Loading what="the chart" />}>
                    <MetricChart metric={metric} currency={metrics.data.currency} />
                  </Suspense>
                </article>
              );
            })}
          </div>
        )}
      </section>
      <ClvModelCard />
    </div>
  );
}

function FunnelTable({ stages, churnDays }: { stages: StageFunnelRow[]; churnDays: number }) {
  const name = (id: string) => stages.find((stage) => stage.id === id)?.name ?? id;
  const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
  return (
    <table className="table" data-testid="stage-funnel">
      <thead>
        <tr>
          <th>Stage</th>
          <th>Now</th>
          <th>Entered</th>
          <th>Moved on</th>
          <th title="Of the entries in the period, the share that has moved on to the next stage">
            To next stage
          </th>
          <th>Median time in stage</th>
          <th title={`In the stage now with no event in the last ${churnDays} days`}>Churned now</th>
        </tr>
      </thead>
      <tbody>
        {stages.map((stage) => (
          <tr key={stage.id}>
            <td>
              <span className="stage-swatch" style={{ background: stage.color }} aria-hidden="true" />{' '}
              {stage.name}
            </td>
            <td>{stage.customers}</td>
            <td>{stage.entered}</td>
            <td>
              {Object.entries(stage.movedTo)
                .map(([to, n]) => `${n} → ${name(to)}`)
                .join(', ') || '—'}
            </td>
            <td>{percent(stage.conversionToNext)}</td>
            <td>{stage.medianHoursInStage === null ? '—' : hours(stage.medianHoursInStage)}</td>
            <td>{stage.churned}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function hours(value: number): string {
  return value < 48 ? `${value.toFixed(1)} h` : `${(value / 24).toFixed(1)} days`;
}
