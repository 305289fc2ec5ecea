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
CREATE INDEX "clv_models_latest_idx" ON "clv_models" USING btree ("workspace_id","fitted_at");