CREATE TABLE "jobs" (
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"queue" text NOT NULL,
	"data" jsonb NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"dead_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_workspace_id_customer_id_id_pk" PRIMARY KEY("workspace_id","customer_id","id")
);
--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("queue","due_at") WHERE "jobs"."dead_at" is null;--> statement-breakpoint
-- Jobs waiting in pg-boss's table (installs before this migration) move here; the pgboss schema
-- is left in place and may be dropped once this has run.
DO $$
BEGIN
  IF to_regclass('pgboss.job') IS NOT NULL THEN
    INSERT INTO "jobs" ("workspace_id", "customer_id", "queue", "data", "due_at")
    SELECT "data"->>'workspaceId', coalesce("data"->>'customerId', ''), substr("name", 12), "data", "start_after"
    FROM pgboss.job
    WHERE "name" IN ('stagecraft-timer', 'stagecraft-deliver', 'stagecraft-backfill')
      AND "state"::text IN ('created', 'retry');
  END IF;
END $$;
