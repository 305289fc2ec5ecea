ALTER TABLE "step_records" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "step_records" CASCADE;--> statement-breakpoint
DROP INDEX "messages_idempotency_key_idx";--> statement-breakpoint
DROP INDEX "messages_due_idx";--> statement-breakpoint
DROP INDEX "messages_customer_idx";--> statement-breakpoint
ALTER TABLE "messages" DROP COLUMN "idempotency_key";