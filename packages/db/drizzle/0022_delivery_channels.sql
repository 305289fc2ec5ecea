CREATE TABLE "channel_settings" (
	"workspace_id" text NOT NULL,
	"channel" text NOT NULL,
	"provider" text NOT NULL,
	"settings" jsonb NOT NULL,
	"secrets" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_settings_workspace_id_channel_pk" PRIMARY KEY("workspace_id","channel")
);
--> statement-breakpoint
CREATE TABLE "send_rate_windows" (
	"workspace_id" text NOT NULL,
	"channel" text NOT NULL,
	"second" bigint NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "send_rate_windows_workspace_id_channel_second_pk" PRIMARY KEY("workspace_id","channel","second")
);
--> statement-breakpoint
CREATE TABLE "suppressions" (
	"workspace_id" text NOT NULL,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"reason" text NOT NULL,
	"message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suppressions_workspace_id_channel_address_pk" PRIMARY KEY("workspace_id","channel","address")
);
--> statement-breakpoint
CREATE TABLE "workspace_guardrails" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "attempt_log" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "cleared_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "messages_held_idx" ON "messages" USING btree ("workspace_id","journey_id","node_id") WHERE "messages"."status" in ('skipped', 'deferred');