import type { CompiledJourney } from '@stagecraft/compiler';
import type { SimulationReport } from '@stagecraft/engine';

const COLUMNS = ['entered', 'waiting', 'completed', 'converted', 'exited'] as const;

/** The per-step table: one row per node in document order, counts right-aligned. */
export function nodeTable(journey: CompiledJourney, report: SimulationReport): string {
  const rows = journey.document.nodes.map((node) => {
    const counts = report.nodes[node.id];
    const name = node.label ? `${node.id} (${node.label})` : node.id;
    return [name, node.type, ...COLUMNS.map((column) => String(counts?.[column] ?? 0))];
  });
  const header = ['step', 'type', ...COLUMNS];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const format = (row: string[]) =>
    row
      .map((cell, column) =>
        column < 2 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number),
      )
      .join('  ');
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(format)].join(
    '\n',
  );
}

/** A few sentences on what happened: runs by outcome and effects by kind. */
export function summary(report: SimulationReport, customers: number, start: number): string {
  const runs = Object.values(report.customers).flatMap((customer) => customer.runs);
  const byStatus = (status: string) => runs.filter((run) => run.status === status).length;
  const sends = report.effects.filter((effect) => effect.type === 'send');
  const channels = new Map<string, number>();
  for (const send of sends) channels.set(send.channel, (channels.get(send.channel) ?? 0) + 1);
  const perChannel = [...channels].map(([channel, count]) => `${channel} ${count}`).join(', ');
  const count = (type: string) => report.effects.filter((effect) => effect.type === type).length;
  const days = Math.round(((report.now - start) / 86_400_000) * 10) / 10;
  return [
    `Simulated ${customers} customers for ${days} days, ${iso(start)} to ${iso(report.now)}.`,
    `Runs: ${runs.length} started; ${byStatus('completed')} completed, ${byStatus('converted')} converted, ${byStatus('exited')} exited, ${byStatus('active')} still in the journey, ${byStatus('failed')} failed.`,
    `Effects: ${sends.length} messages${perChannel ? ` (${perChannel})` : ''}, ${count('update-profile')} profile updates, ${count('set-stage')} stage changes, ${count('tag')} tag changes, ${count('http')} HTTP calls.`,
  ].join('\n');
}

function iso(at: number): string {
  return new Date(at)
    .toISOString()
    .replace('T', ' ')
    .replace(/:\d\d\.\d{3}Z$/, ' UTC');
}
