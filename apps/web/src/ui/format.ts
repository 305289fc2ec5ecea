/** "3 minutes ago", "yesterday", or a date, for last-edited columns. */
export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '—';
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A date and time in the viewer's locale. */
export function dateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const at = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(at)) return '—';
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Thousands separators for counts. */
export function count(value: number | undefined): string {
  return (value ?? 0).toLocaleString('en-US');
}

/** A value of unknown type as short text for tables. */
export function display(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
