CREATE TABLE "journey_counters" (
	"journey_id" text NOT NULL,
	"version" integer NOT NULL,
	"outcome" text NOT NULL,
	"runs" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "journey_counters_journey_id_version_outcome_pk" PRIMARY KEY("journey_id","version","outcome")
);
--> statement-breakpoint
-- Journey totals were node_counters rows under reserved node ids ("__runs", "__completed", ...).
INSERT INTO "journey_counters" ("journey_id", "version", "outcome", "runs")
SELECT "journey_id", "version", CASE WHEN "node_id" = '__runs' THEN 'started' ELSE substr("node_id", 3) END, "entered"
FROM "node_counters"
WHERE "node_id" IN ('__runs', '__completed', '__exited', '__converted', '__failed');--> statement-breakpoint
DELETE FROM "node_counters" WHERE "node_id" IN ('__runs', '__completed', '__exited', '__converted', '__failed');
