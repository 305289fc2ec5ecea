DROP INDEX "events_message_id_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "events_message_id_idx" ON "events" USING btree ("workspace_id","customer_id","message_id");