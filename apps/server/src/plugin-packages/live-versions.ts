import type { Database } from '@stagecraft/db';
import { PluginError } from './plugin-error';
import type { PluginHost } from './plugin-host';

/**
 * Refuses to start when customers are in flight (active or waiting runs) in a journey version
 * that uses a plugin node type version no longer installed: those runs were compiled with it and
 * must keep running it. Built-in types are upgraded by the server itself and are not checked;
 * plugin types are the ones with a namespace (`acme/score-lead`).
 */
export async function checkLiveVersions(database: Database, plugins: PluginHost): Promise<void> {
  const { rows: live } = await database.sql.executeSql(
    `select distinct r.journey_id, r.version from journey_runs r where r.status = 'active'`,
    [],
  );
  for (const row of live) {
    const { rows } = await database.sql.executeSql(
      `select j.name, v.document from journey_versions v join journeys j on j.id = v.journey_id
       where v.journey_id = $1 and v.version = $2`,
      [row.journey_id, row.version],
    );
    const found = rows[0];
    if (!found) continue;
    const nodes = (found.document as { nodes?: unknown } | null)?.nodes;
    for (const node of Array.isArray(nodes) ? nodes : []) {
      const { type, typeVersion } = (node ?? {}) as { type?: unknown; typeVersion?: unknown };
      if (typeof type !== 'string' || !type.includes('/') || typeof typeVersion !== 'number') continue;
      if (plugins.registry.get(type, typeVersion)) continue;
      throw new PluginError(
        `journey "${String(found.name)}" (${String(row.journey_id)}) version ${String(row.version)}`,
        `customers are in flight there, and they need node type "${type}" version ${typeVersion}, which no installed plugin provides`,
        `Install the plugin version that provides "${type}" version ${typeVersion} again (a plugin keeps exporting old versions while runs need them), or move those customers to a newer journey version (POST /api/journeys/${String(row.journey_id)}/migrations/apply) before removing it.`,
      );
    }
  }
}
