import { type CompiledJourney, compileJourney } from '@stagecraft/compiler';
import type { SqlExecutor } from '@stagecraft/db';
import type { NodeRegistry } from '@stagecraft/sdk';
import { type ExperimentGoal, experimentGoalsOf } from '../experiments/goals';
import type { RuntimeLogger } from './types';

/** How long a process trusts its list of live journeys; another process may have published meanwhile. */
const LIVE_TTL_MS = 1_000;
const COMPILED_LIMIT = 1_000;

interface Workspace {
  timeZone: string;
  live: CompiledJourney[];
  /** The conversion goals of every published journey's splits, live or paused. */
  goals: ExperimentGoal[];
  loadedAt: number;
}

/**
 * Published journeys compiled once per (journey, version) — versions are immutable — and each
 * workspace's live journeys and time zone, refreshed every second or when told of a change.
 */
export class JourneyCatalog {
  readonly #compiled = new Map<string, CompiledJourney | null>();
  readonly #workspaces = new Map<string, Workspace>();

  constructor(
    private readonly registry: NodeRegistry,
    private readonly log: RuntimeLogger,
  ) {}

  /** Forget what is cached about a journey's live status (its compiled versions stay valid). */
  journeyChanged(): void {
    this.#workspaces.clear();
  }

  /**
   * The live journeys of a workspace, its time zone and its experiments' conversion goals. `sql` is the caller's connection or
   * transaction (PGlite has one connection, so a second one would wait for the transaction).
   */
  async workspace(
    sql: SqlExecutor,
    workspaceId: string,
  ): Promise<{ timeZone: string; live: CompiledJourney[]; goals: ExperimentGoal[] }> {
    const cached = this.#workspaces.get(workspaceId);
    if (cached && Date.now() - cached.loadedAt < LIVE_TTL_MS) return cached;
    // Paused journeys too: customers assigned before the pause can still convert.
    const { rows } = await sql.executeSql(
      `select w.time_zone, j.id, j.published_version, j.status
       from workspaces w left join journeys j
         on j.workspace_id = w.id and j.status in ('live', 'paused') and j.published_version is not null
       where w.id = $1`,
      [workspaceId],
    );
    const live: CompiledJourney[] = [];
    const goals: ExperimentGoal[] = [];
    for (const row of rows) {
      if (row.id === null) continue;
      const journey = await this.compiled(sql, String(row.id), Number(row.published_version));
      if (!journey) continue;
      if (row.status === 'live') live.push(journey);
      goals.push(...experimentGoalsOf(journey));
    }
    const timeZone = rows[0] ? String(rows[0].time_zone) : 'UTC';
    const loaded = { timeZone, live, goals, loadedAt: Date.now() };
    this.#workspaces.set(workspaceId, loaded);
    return loaded;
  }

  /** A journey version, compiled; null when it does not exist or no longer compiles (logged). */
  async compiled(sql: SqlExecutor, journeyId: string, version: number): Promise<CompiledJourney | null> {
    const key = `${journeyId}@${version}`;
    if (this.#compiled.has(key)) return this.#compiled.get(key) ?? null;
    const { rows } = await sql.executeSql(
      'select document from journey_versions where journey_id = $1 and version = $2',
      [journeyId, version],
    );
    // A version that is not there yet may be published a moment later: do not remember its absence.
    if (!rows[0]) return null;
    const result = compileJourney(rows[0].document as never, this.registry, { journeyId, version });
    const journey = result.ok ? result.journey : null;
    if (!result.ok) {
      this.log.error(
        { journeyId, version, diagnostics: result.diagnostics },
        'published journey does not compile',
      );
    }
    if (this.#compiled.size >= COMPILED_LIMIT) {
      const oldest = this.#compiled.keys().next().value;
      if (oldest !== undefined) this.#compiled.delete(oldest);
    }
    this.#compiled.set(key, journey);
    return journey;
  }
}
