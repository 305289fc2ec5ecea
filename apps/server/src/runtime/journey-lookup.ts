import type { CompiledJourney } from '@stagecraft/compiler';
import type { SqlExecutor } from '@stagecraft/db';
import type { RuntimeContext } from './context';
import { RuntimeError } from './types';

/** The journey's row, or a RuntimeError naming what is missing. */
export async function journeyRow(
  sql: SqlExecutor,
  workspaceId: string,
  journeyId: string,
): Promise<{ status: string; publishedVersion: number | null }> {
  const { rows } = await sql.executeSql(
    'select status, published_version from journeys where id = $1 and workspace_id = $2',
    [journeyId, workspaceId],
  );
  const row = rows[0];
  if (!row)
    throw new RuntimeError('journey_not_found', `journey "${journeyId}" does not exist in this workspace`);
  return {
    status: String(row.status),
    publishedVersion: row.published_version === null ? null : Number(row.published_version),
  };
}

/** The live version of a journey, compiled; refuses journeys that are not live. */
export async function liveJourney(
  ctx: RuntimeContext,
  sql: SqlExecutor,
  workspaceId: string,
  journeyId: string,
): Promise<CompiledJourney> {
  const row = await journeyRow(sql, workspaceId, journeyId);
  if (row.status !== 'live' || row.publishedVersion === null) {
    throw new RuntimeError(
      'journey_not_live',
      `journey "${journeyId}" is ${row.status}; only live journeys admit customers`,
    );
  }
  return compiledVersion(ctx, sql, journeyId, row.publishedVersion);
}

/** One published version, compiled; refuses versions that do not exist. */
export async function compiledVersion(
  ctx: RuntimeContext,
  sql: SqlExecutor,
  journeyId: string,
  version: number,
): Promise<CompiledJourney> {
  const journey = await ctx.catalog.compiled(sql, journeyId, version);
  if (!journey)
    throw new RuntimeError('version_not_found', `journey "${journeyId}" has no version ${version}`);
  return journey;
}
