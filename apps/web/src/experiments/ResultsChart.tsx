import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ExperimentView } from './queries';

/**
 * Arms side by side: conversion rate with its interval as an error bar. Loaded on demand
 * (React.lazy), so the canvas bundle does not carry the charting library.
 */
export default function ResultsChart({ arms }: { arms: ExperimentView['arms'] }) {
  const data = arms.map((arm) => ({
    name: arm.label,
    rate: arm.rate * 100,
    error: [(arm.rate - arm.ci[0]) * 100, (arm.ci[1] - arm.rate) * 100],
  }));
  return (
    <div className="results-chart" data-testid="results-chart">
      <ResponsiveContainer width="100%" height={180}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} />
          <YAxis unit="%" tick={{ fontSize: 11 }} />
          <Tooltip formatter={(value) => `${Number(value).toFixed(1)}%`} />
          <Bar dataKey="rate" fill="#6366f1" isAnimationActive={false}>
            <ErrorBar dataKey="error" width={6} stroke="#111827" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
