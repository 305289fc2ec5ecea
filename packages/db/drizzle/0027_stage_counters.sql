CREATE TABLE "stage_counters" (
	"workspace_id" text NOT NULL,
	"day" date NOT NULL,
	"stage" text NOT NULL,
	"moved_to" text DEFAULT '' NOT NULL,
	"stay_bin" smallint DEFAULT -1 NOT NULL,
	"entered" bigint DEFAULT 0 NOT NULL,
	"exits" bigint DEFAULT 0 NOT NULL,
	"exits_of_entries" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stage_counters_workspace_id_day_stage_moved_to_stay_bin_pk" PRIMARY KEY("workspace_id","day","stage","moved_to","stay_bin")
);
--> statement-breakpoint
-- The bin of a stay lasting `seconds`: 32 bins per doubling of (1 + minutes), so a bin is at most
-- 2.2% wide and a median read from the bins is that close. The runtime and the rebuild below
-- both bin through this function; analytics/stage-counters.ts reads the bins back.
CREATE FUNCTION stage_stay_bin(seconds double precision) RETURNS smallint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT least(32767, floor(32 * ln(1 + greatest(seconds, 0) / 60) / ln(2)))::smallint
$$;
--> statement-breakpoint
-- The counters of one workspace recomputed from its stage history (customers on a test clock
-- left out): for installs upgraded with history, and for history written outside the runtime.
CREATE FUNCTION stage_counters_rebuild(ws text) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM stage_counters WHERE workspace_id = ws;
  INSERT INTO stage_counters (workspace_id, day, stage, moved_to, stay_bin, entered, exits, exits_of_entries)
  SELECT ws, day, stage, moved_to, stay_bin, sum(entered), sum(exits), sum(exits_of_entries)
  FROM (
    SELECT h.at, h.left_at, h.to_stage, h.moved_to AS next_stage FROM stage_history h
    WHERE h.workspace_id = ws AND h.customer_id NOT IN (
      SELECT c.customer_id FROM customers c WHERE c.workspace_id = ws AND c.test_clock_id IS NOT NULL)
  ) h
  CROSS JOIN LATERAL (VALUES
    ((h.at AT TIME ZONE 'UTC')::date, h.to_stage, '', -1::smallint, 1, 0, 0),
    ((h.left_at AT TIME ZONE 'UTC')::date, h.to_stage, h.next_stage, -1::smallint, 0, 1, 0),
    ((h.left_at AT TIME ZONE 'UTC')::date, h.to_stage, '',
      stage_stay_bin(extract(epoch FROM h.left_at - h.at)::float8), 0, 1, 0),
    ((h.at AT TIME ZONE 'UTC')::date, h.to_stage, h.next_stage, -1::smallint, 0, 0, 1)
  ) AS x(day, stage, moved_to, stay_bin, entered, exits, exits_of_entries)
  WHERE x.moved_to IS NOT NULL AND x.day IS NOT NULL
  GROUP BY day, stage, moved_to, stay_bin;
$$;
--> statement-breakpoint
SELECT stage_counters_rebuild(w.workspace_id) FROM (SELECT DISTINCT workspace_id FROM stage_history) w;
