import { type Database, type ExperimentDecision, experimentDecisions } from '@stagecraft/db';
import { and, eq } from 'drizzle-orm';

/** Entries and conversions of one arm. */
export interface ArmTally {
  entered: number;
  converted: number;
}

/** A decision as stored. */
export type DecisionRow = typeof experimentDecisions.$inferSelect;

/**
 * The assignments an experiment counts, as a subquery over `experiment_entries` with the
 * journey, split and workspace as $1, $2 and $4. Every count of an experiment reads this one
 * definition. Customers on a test clock never appear: the runtime records no assignment for them.
 */
export function countedEntries(): string {
  return `select e.arm, e.entered_at, e.converted_at from experiment_entries e
          where e.journey_id = $1 and e.node_id = $2 and e.workspace_id = $4`;
}

/** How long the entry rate looks back. */
const RECENT_MS = 7 * 86_400_000;

/** Experiment counts and decisions. */
export function createExperimentsRepository(database: Database, now: () => number = Date.now) {
  const { db } = database;
  return {
    /**
     * Entries and conversions per arm of one split, across all versions of the journey, and the
     * average entries per day over the last seven days (all arms).
     */
    async tally(
      workspaceId: string,
      journeyId: string,
      nodeId: string,
    ): Promise<{ arms: Map<string, ArmTally>; perDay: number }> {
      const { rows } = await database.sql.executeSql(
        `select arm, count(*) as entered, count(converted_at) as converted,
           count(*) filter (where entered_at >= to_timestamp($3::float8 / 1000)) as recent
         from (${countedEntries()}) counted
         group by arm`,
        [journeyId, nodeId, now() - RECENT_MS, workspaceId],
      );
      const arms = new Map(
        rows.map((row) => [
          String(row.arm),
          { entered: Number(row.entered), converted: Number(row.converted) },
        ]),
      );
      const recent = rows.reduce((sum, row) => sum + Number(row.recent), 0);
      return { arms, perDay: recent / 7 };
    },

    /** The decisions taken on a journey's experiments, by split. */
    async decisions(workspaceId: string, journeyId: string): Promise<Map<string, DecisionRow>> {
      const rows = await db
        .select()
        .from(experimentDecisions)
        .where(
          and(eq(experimentDecisions.workspaceId, workspaceId), eq(experimentDecisions.journeyId, journeyId)),
        );
      return new Map(rows.map((row) => [row.nodeId, row]));
    },

    /** Records a decision; false when the experiment was decided already. */
    async decide(decision: {
      workspaceId: string;
      journeyId: string;
      nodeId: string;
      decision: ExperimentDecision;
      arm?: string | null;
      keepHoldout?: boolean | null;
      version?: number | null;
      decidedBy: string;
      results: Record<string, unknown>;
    }): Promise<DecisionRow | null> {
      const [row] = await db
        .insert(experimentDecisions)
        .values({ ...decision, decidedAt: new Date(now()) })
        .onConflictDoNothing()
        .returning();
      return row ?? null;
    },

    /** Notes how many runs a promotion moved onto its version. */
    async noteMigrated(
      workspaceId: string,
      journeyId: string,
      nodeId: string,
      migrated: number,
    ): Promise<void> {
      await db
        .update(experimentDecisions)
        .set({ migrated })
        .where(
          and(
            eq(experimentDecisions.workspaceId, workspaceId),
            eq(experimentDecisions.journeyId, journeyId),
            eq(experimentDecisions.nodeId, nodeId),
          ),
        );
    },
  };
}
