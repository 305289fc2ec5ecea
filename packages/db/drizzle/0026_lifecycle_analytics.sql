CREATE TABLE "customer_values" (
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"historical" double precision NOT NULL,
	"predicted" double precision,
	"expected_purchases" double precision,
	"probability_alive" double precision,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_values_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
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
ALTER TABLE "customers" ADD COLUMN "last_event_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stage_history" ADD COLUMN "left_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stage_history" ADD COLUMN "moved_to" text;--> statement-breakpoint
CREATE INDEX "customer_values_computed_idx" ON "customer_values" USING btree ("workspace_id","computed_at");--> statement-breakpoint
CREATE INDEX "journey_runs_waiting_idx" ON "journey_runs" USING btree ("journey_id","version","current_node_id","wake_at","id") WHERE "journey_runs"."status" = 'active';--> statement-breakpoint
CREATE INDEX "stage_history_at_idx" ON "stage_history" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE INDEX "stage_history_left_idx" ON "stage_history" USING btree ("workspace_id","left_at") WHERE "stage_history"."left_at" is not null;--> statement-breakpoint-- Each stage_history row is the stay its change began; the customer's next change ends it. The
-- trigger sets the previous row's left_at and moved_to as the next one is inserted, whoever
-- inserts it (the runtime, an import), so the funnel reads stays by period through an index.
CREATE FUNCTION stage_history_end_stay() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stage_history SET left_at = NEW.at, moved_to = NEW.to_stage
  WHERE workspace_id = NEW.workspace_id AND customer_id = NEW.customer_id AND id = (
    SELECT max(id) FROM stage_history
    WHERE workspace_id = NEW.workspace_id AND customer_id = NEW.customer_id AND id < NEW.id
  );
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER stage_history_end_stay AFTER INSERT ON stage_history
FOR EACH ROW EXECUTE FUNCTION stage_history_end_stay();
--> statement-breakpoint
-- The stays recorded before: each ended by the customer's next change, in recorded order.
UPDATE stage_history h SET left_at = n.left_at, moved_to = n.moved_to
FROM (
  SELECT workspace_id, customer_id, id,
    lead(at) OVER w AS left_at, lead(to_stage) OVER w AS moved_to
  FROM stage_history
  WINDOW w AS (PARTITION BY workspace_id, customer_id ORDER BY id)
) n
WHERE h.workspace_id = n.workspace_id AND h.customer_id = n.customer_id AND h.id = n.id
  AND n.left_at IS NOT NULL;
--> statement-breakpoint
-- The newest event time of each customer so far; the runtime keeps it from here on.
UPDATE customers c SET last_event_at = e.newest
FROM (SELECT workspace_id, customer_id, max(timestamp) AS newest FROM events GROUP BY workspace_id, customer_id) e
WHERE c.workspace_id = e.workspace_id AND c.customer_id = e.customer_id;
