CREATE TABLE "test_clocks" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"now" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_clocks_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
DROP INDEX "events_pending_idx";--> statement-breakpoint
DROP INDEX "jobs_due_idx";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "test_clock_id" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "clock_id" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "clock_id" text;--> statement-breakpoint
CREATE INDEX "customers_test_clock_idx" ON "customers" USING btree ("workspace_id","test_clock_id") WHERE "customers"."test_clock_id" is not null;--> statement-breakpoint
CREATE INDEX "events_pending_clock_idx" ON "events" USING btree ("clock_id","seq") WHERE "events"."processed_at" is null and "events"."clock_id" is not null;--> statement-breakpoint
CREATE INDEX "jobs_clock_due_idx" ON "jobs" USING btree ("clock_id","queue","due_at") WHERE "jobs"."dead_at" is null and "jobs"."clock_id" is not null;--> statement-breakpoint
CREATE INDEX "events_pending_idx" ON "events" USING btree ("seq") WHERE "events"."processed_at" is null and "events"."clock_id" is null;--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("queue","due_at") WHERE "jobs"."dead_at" is null and "jobs"."clock_id" is null;