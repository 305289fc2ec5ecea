CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"traits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"time_zone" text,
	"invalid_time_zone" text,
	"stage" text,
	"stage_changed_at" timestamp with time zone,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"message_id" text NOT NULL,
	"type" text NOT NULL,
	"name" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"traits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "events_workspace_id_customer_id_seq_pk" PRIMARY KEY("workspace_id","customer_id","seq")
);
--> statement-breakpoint
CREATE TABLE "journey_runs" (
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"id" text NOT NULL,
	"journey_id" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"state" jsonb NOT NULL,
	"current_node_id" text,
	"wake_at" timestamp with time zone,
	"trigger_node_id" text,
	"entered_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"exit_reason" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "journey_runs_workspace_id_customer_id_id_pk" PRIMARY KEY("workspace_id","customer_id","id")
);
--> statement-breakpoint
CREATE TABLE "journey_versions" (
	"journey_id" text NOT NULL,
	"version" integer NOT NULL,
	"workspace_id" text NOT NULL,
	"document" jsonb NOT NULL,
	"hash" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journey_versions_journey_id_version_pk" PRIMARY KEY("journey_id","version")
);
--> statement-breakpoint
CREATE TABLE "journeys" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"draft" jsonb NOT NULL,
	"draft_revision" integer DEFAULT 0 NOT NULL,
	"published_version" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"kind" text NOT NULL,
	"run_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"version" integer NOT NULL,
	"node_id" text NOT NULL,
	"visit" integer NOT NULL,
	"channel" text,
	"name" text,
	"to" text,
	"subject" text,
	"body" text,
	"url" text,
	"request" jsonb,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	"provider_message_id" text,
	"response" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "messages_workspace_id_customer_id_id_pk" PRIMARY KEY("workspace_id","customer_id","id")
);
--> statement-breakpoint
CREATE TABLE "stage_history" (
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "stage_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"from_stage" text,
	"to_stage" text NOT NULL,
	"journey_id" text,
	"run_id" text,
	"node_id" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "stage_history_workspace_id_customer_id_id_pk" PRIMARY KEY("workspace_id","customer_id","id")
);
--> statement-breakpoint
CREATE TABLE "step_records" (
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "step_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"version" integer NOT NULL,
	"node_id" text NOT NULL,
	"visit" integer NOT NULL,
	"kind" text NOT NULL,
	"port" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "step_records_workspace_id_customer_id_id_pk" PRIMARY KEY("workspace_id","customer_id","id")
);
--> statement-breakpoint
CREATE TABLE "trigger_schedules" (
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"node_id" text NOT NULL,
	"version" integer NOT NULL,
	"fire_at" timestamp with time zone NOT NULL,
	CONSTRAINT "trigger_schedules_workspace_id_customer_id_journey_id_node_id_pk" PRIMARY KEY("workspace_id","customer_id","journey_id","node_id")
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"stages" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_versions" ADD CONSTRAINT "journey_versions_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journeys" ADD CONSTRAINT "journeys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_idx" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_workspace_idx" ON "api_keys" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "events_message_id_idx" ON "events" USING btree ("workspace_id","message_id");--> statement-breakpoint
CREATE INDEX "events_pending_idx" ON "events" USING btree ("seq") WHERE "events"."processed_at" is null;--> statement-breakpoint
CREATE INDEX "journey_runs_id_idx" ON "journey_runs" USING btree ("id");--> statement-breakpoint
CREATE INDEX "journey_runs_wake_at_idx" ON "journey_runs" USING btree ("wake_at") WHERE "journey_runs"."status" = 'active' and "journey_runs"."wake_at" is not null;--> statement-breakpoint
CREATE INDEX "journey_runs_customer_journey_idx" ON "journey_runs" USING btree ("workspace_id","customer_id","journey_id");--> statement-breakpoint
CREATE INDEX "journey_runs_journey_node_idx" ON "journey_runs" USING btree ("journey_id","version","current_node_id") WHERE "journey_runs"."status" = 'active';--> statement-breakpoint
CREATE INDEX "journeys_workspace_status_idx" ON "journeys" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_idempotency_key_idx" ON "messages" USING btree ("workspace_id","customer_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "messages_id_idx" ON "messages" USING btree ("id");--> statement-breakpoint
CREATE INDEX "messages_due_idx" ON "messages" USING btree ("next_attempt_at") WHERE "messages"."status" in ('queued', 'failed');--> statement-breakpoint
CREATE INDEX "messages_workspace_status_idx" ON "messages" USING btree ("workspace_id","status","created_at");--> statement-breakpoint
CREATE INDEX "messages_customer_idx" ON "messages" USING btree ("workspace_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "stage_history_customer_at_idx" ON "stage_history" USING btree ("workspace_id","customer_id","at");--> statement-breakpoint
CREATE INDEX "step_records_journey_node_idx" ON "step_records" USING btree ("journey_id","version","node_id","kind");--> statement-breakpoint
CREATE INDEX "step_records_customer_at_idx" ON "step_records" USING btree ("workspace_id","customer_id","at");--> statement-breakpoint
CREATE INDEX "trigger_schedules_fire_at_idx" ON "trigger_schedules" USING btree ("fire_at");