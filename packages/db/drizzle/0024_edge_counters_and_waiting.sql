CREATE TABLE "edge_counters" (
	"journey_id" text NOT NULL,
	"version" integer NOT NULL,
	"node_id" text NOT NULL,
	"port" text NOT NULL,
	"passed" bigint DEFAULT 0 NOT NULL,
	"converted" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "edge_counters_journey_id_version_node_id_port_pk" PRIMARY KEY("journey_id","version","node_id","port")
);
--> statement-breakpoint
DROP INDEX "journey_runs_journey_node_idx";--> statement-breakpoint
CREATE INDEX "journey_runs_waiting_idx" ON "journey_runs" USING btree ("journey_id","version","current_node_id","wake_at","id") WHERE "journey_runs"."status" = 'active';