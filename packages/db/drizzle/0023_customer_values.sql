CREATE TABLE "customer_values" (
	"workspace_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"historical" double precision NOT NULL,
	"predicted" double precision,
	"expected_purchases" double precision,
	"probability_alive" double precision,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_values_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
CREATE INDEX "customer_values_computed_idx" ON "customer_values" USING btree ("workspace_id","computed_at");