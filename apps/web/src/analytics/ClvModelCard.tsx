import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { dateTime } from '../ui/format';
import { analyticsQueries, useFitClv } from './queries';

/** The customer lifetime value model in use, and a button to fit it now. */
export function ClvModelCard() {
  const model = useQuery(analyticsQueries.clvModel());
  const fit = useFitClv();
  const missing = model.error instanceof ApiError && model.error.status === 404;
  return (
    <section className="card" aria-labelledby="clv-heading" data-testid="clv-model">
      <h2 id="clv-heading">Customer lifetime value model</h2>
      {model.data ? (
        <dl className="clv-params">
          <div>
            <dt>Fitted</dt>
            <dd>
              {dateTime(model.data.fittedAt)} on purchases to {model.data.observationEnd} (
              {model.data.customers} customers, in {model.data.timeUnit})
            </dd>
          </div>
          <div>
            <dt>BG/NBD</dt>
            <dd>
              r {model.data.bgnbd.r.toFixed(3)}, α {model.data.bgnbd.alpha.toFixed(3)}, a{' '}
              {model.data.bgnbd.a.toFixed(3)}, b {model.data.bgnbd.b.toFixed(3)}
            </dd>
          </div>
          <div>
            <dt>Gamma-Gamma</dt>
            <dd>
              p {model.data.gammaGamma.p.toFixed(2)}, q {model.data.gammaGamma.q.toFixed(2)}, v{' '}
              {model.data.gammaGamma.v.toFixed(2)} ({model.data.gammaGamma.customers} repeat buyers)
            </dd>
          </div>
        </dl>
      ) : (
        <p className="muted">
          {missing ? 'No model has been fitted yet.' : model.isPending ? 'Loading…' : ''}
        </p>
      )}
      {fit.error && <p className="field-error">{fit.error.message}</p>}
      <button
        type="button"
        className="button button-small"
        disabled={fit.isPending}
        onClick={() => fit.mutate()}
      >
        {fit.isPending ? 'Fitting…' : 'Fit now'}
      </button>
    </section>
  );
}
