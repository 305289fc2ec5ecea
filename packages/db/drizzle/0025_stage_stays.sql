ALTER TABLE "stage_history" ADD COLUMN "left_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stage_history" ADD COLUMN "moved_to" text;--> statement-breakpoint
CREATE INDEX "stage_history_at_idx" ON "stage_history" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE INDEX "stage_history_left_idx" ON "stage_history" USING btree ("workspace_id","left_at") WHERE "stage_history"."left_at" is not null;