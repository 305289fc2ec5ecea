import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricSeries } from '../../api/types';
import { formatMetric } from '../period';

/** One metric over the period's buckets; buckets without a value leave a gap. */
export default function MetricChart({ metric, currency }: { metric: MetricSeries; currency: string }) {
  const format = (value: number | null) => formatMetric(value, metric.unit, currency);
  return (
    <ResponsiveContainer width="100%" height={160}>
      <LineChart data={metric.points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="start" tick={{ fontSize: 11 }} minTickGap={24} />
        <YAxis tick={{ fontSize: 11 }} width={56} tickFormatter={(value: number) => format(value)} />
        <Tooltip formatter={(value) => format(typeof value === 'number' ? value : null)} />
        <Line
          type="monotone"
          dataKey="value"
          name={metric.name}
          stroke="var(--primary)"
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
