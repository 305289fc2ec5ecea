CREATE TABLE "node_counters" (
	"journey_id" text NOT NULL,
	"version" integer NOT NULL,
	"node_id" text NOT NULL,
	"entered" bigint DEFAULT 0 NOT NULL,
	"completed" bigint DEFAULT 0 NOT NULL,
	"errored" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "node_counters_journey_id_version_node_id_pk" PRIMARY KEY("journey_id","version","node_id")
);
--> statement-breakpoint
CREATE TABLE "run_steps" (
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "run_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"version" integer NOT NULL,
	"steps" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "run_steps_workspace_id_customer_id_id_pk" PRIMARY KEY("workspace_id","customer_id","id")
);
