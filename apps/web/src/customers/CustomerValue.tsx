import { useQuery } from '@tanstack/react-query';
import { analyticsQueries } from '../analytics/queries';
import type { CustomerClv } from '../api/types';

/** Historical and predicted lifetime value, with the model's expected purchases and probability alive. */
export function CustomerValue({ clv }: { clv: CustomerClv | undefined }) {
  const settings = useQuery(analyticsQueries.settings());
  if (!clv) return null;
  const currency = settings.data?.currency ?? 'USD';
  const money = (value: number) => value.toLocaleString(undefined, { style: 'currency', currency });
  return (
    <section className="card" aria-labelledby="clv-heading" data-testid="customer-clv">
      <h2 id="clv-heading">Lifetime value</h2>
      <dl className="traits-list">
        <div className="trait-row">
          <dt>Historical</dt>
          <dd>{money(clv.historical)}</dd>
        </div>
        <div className="trait-row">
          <dt>Predicted, next {clv.horizonDays} days</dt>
          <dd>{clv.predicted === null ? '—' : money(clv.predicted)}</dd>
        </div>
        <div className="trait-row">
          <dt>Expected purchases</dt>
          <dd>{clv.expectedPurchases === null ? '—' : clv.expectedPurchases.toFixed(2)}</dd>
        </div>
        <div className="trait-row">
          <dt>Probability still a customer</dt>
          <dd>{clv.probabilityAlive === null ? '—' : `${(clv.probabilityAlive * 100).toFixed(0)}%`}</dd>
        </div>
      </dl>
      {clv.predicted === null && (
        <p className="muted small">
          Predictions appear once the customer has a purchase and a model is fitted (Lifecycle page).
        </p>
      )}
    </section>
  );
}
