import { can, PERMISSION_NAMES, PERMISSIONS, ROLES } from './permissions';
import type { RouteAccess } from './route-access';

/** Where the generated tables sit in docs/security.md. */
export const TABLE_START = '<!-- permissions:start (generated from apps/server/src/auth/permissions.ts) -->';
export const TABLE_END = '<!-- permissions:end -->';

/**
 * The permission tables of docs/security.md: what each role may do, and what each /api route
 * needs. Built from the permission module and the registered routes, so the doc cannot drift.
 */
export function permissionTables(routes: RouteAccess[]): string {
  const roles = [
    `| permission | lowest role | ${ROLES.join(' | ')} |`,
    `| --- | --- | ${ROLES.map(() => '---').join(' | ')} |`,
    ...PERMISSION_NAMES.map(
      (p) => `| \`${p}\` | ${PERMISSIONS[p]} | ${ROLES.map((r) => (can(r, p) ? 'yes' : '—')).join(' | ')} |`,
    ),
  ];
  const api = routes
    .filter((route) => route.url.startsWith('/api'))
    .map((route) => ({
      route: `${route.method} ${route.url}`,
      needs: route.access && 'permission' in route.access ? `\`${route.access.permission}\`` : 'public',
    }))
    .sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0));
  const table = [
    '| route | needs |',
    '| --- | --- |',
    ...api.map((row) => `| \`${row.route}\` | ${row.needs} |`),
  ];
  return [TABLE_START, '', ...roles, '', ...table, '', TABLE_END].join('\n');
}

/** Tables compared as text, whatever padding a formatter gave their columns. */
export function normalizeTables(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line
        .replace(/\s*\|\s*/g, '|')
        .replace(/-{3,}/g, '---')
        .trim(),
    )
    .join('\n');
}

/** The generated section of a document, or null when its markers are missing. */
export function tableSection(doc: string): string | null {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  return start < 0 || end < start ? null : doc.slice(start, end + TABLE_END.length);
}
