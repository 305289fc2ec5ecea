-- One ALTER per table, so each table is rewritten once.
ALTER TABLE "journey_runs" ALTER COLUMN "state" SET DATA TYPE json, ALTER COLUMN "steps" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "run_steps" ALTER COLUMN "steps" SET DATA TYPE json;
