CREATE TABLE "analytics_settings" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clv_models" (
	"workspace_id" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "clv_models_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"fitted_at" timestamp with time zone NOT NULL,
	"observation_end" text NOT NULL,
	"time_unit" text NOT NULL,
	"customers" integer NOT NULL,
	"bgnbd" jsonb NOT NULL,
	"gamma_gamma" jsonb NOT NULL,
	CONSTRAINT "clv_models_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "segment_checks" (
	"workspace_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	CONSTRAINT "segment_checks_workspace_id_customer_id_segment_id_pk" PRIMARY KEY("workspace_id","customer_id","segment_id")
);
--> statement-breakpoint
CREATE TABLE "segment_members" (
	"workspace_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "segment_members_workspace_id_customer_id_segment_id_pk" PRIMARY KEY("workspace_id","customer_id","segment_id")
);
--> statement-breakpoint
CREATE TABLE "segment_sizes" (
	"workspace_id" text NOT NULL,
	"segment_id" text NOT NULL,
	"day" date NOT NULL,
	"size" integer NOT NULL,
	CONSTRAINT "segment_sizes_workspace_id_segment_id_day_pk" PRIMARY KEY("workspace_id","segment_id","day")
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"rules" jsonb NOT NULL,
	"size" integer DEFAULT 0 NOT NULL,
	"evaluated_through" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "segments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "clv_models_latest_idx" ON "clv_models" USING btree ("workspace_id","fitted_at");--> statement-breakpoint
CREATE INDEX "segment_checks_due_idx" ON "segment_checks" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "segment_members_by_segment_idx" ON "segment_members" USING btree ("workspace_id","segment_id","customer_id");--> statement-breakpoint
CREATE INDEX "customers_updated_idx" ON "customers" USING btree ("workspace_id","updated_at");