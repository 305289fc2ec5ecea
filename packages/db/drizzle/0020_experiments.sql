CREATE TABLE "experiment_decisions" (
	"workspace_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"node_id" text NOT NULL,
	"decision" text NOT NULL,
	"arm" text,
	"keep_holdout" boolean,
	"version" integer,
	"migrated" integer,
	"decided_by" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"results" jsonb NOT NULL,
	CONSTRAINT "experiment_decisions_journey_id_node_id_pk" PRIMARY KEY("journey_id","node_id")
);
--> statement-breakpoint
CREATE TABLE "experiment_entries" (
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"node_id" text NOT NULL,
	"run_id" text NOT NULL,
	"version" integer NOT NULL,
	"arm" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"converted_at" timestamp with time zone,
	CONSTRAINT "experiment_entries_workspace_id_customer_id_journey_id_node_id_run_id_pk" PRIMARY KEY("workspace_id","customer_id","journey_id","node_id","run_id")
);
--> statement-breakpoint
CREATE INDEX "experiment_entries_results_idx" ON "experiment_entries" USING btree ("journey_id","node_id","arm","entered_at","converted_at");