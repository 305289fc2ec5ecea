import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StageFunnelRow } from '../../api/types';

/** Customers in each stage now and entries in the period, stage by stage in the workspace's order. */
export default function StageFunnelChart({ stages }: { stages: StageFunnelRow[] }) {
  const data = stages.map((stage) => ({
    name: stage.name,
    color: stage.color,
    now: stage.customers,
    entered: stage.entered,
  }));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" tick={{ fontSize: 12 }} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Bar dataKey="now" name="In stage now" isAnimationActive={false}>
          {data.map((entry) => (
            <Cell key={entry.name} fill={entry.color} />
          ))}
        </Bar>
        <Bar dataKey="entered" name="Entered in period" fill="#94a3b8" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
