DROP INDEX "journey_runs_id_idx";--> statement-breakpoint
DROP INDEX "journey_runs_customer_journey_idx";--> statement-breakpoint
DROP INDEX "messages_id_idx";--> statement-breakpoint
CREATE INDEX "messages_workspace_id_idx" ON "messages" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE INDEX "messages_workspace_created_idx" ON "messages" USING btree ("workspace_id","created_at");