CREATE TABLE "server_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
INSERT INTO "server_secrets" ("name", "value") SELECT 'webhook-signing', "key_hash" FROM "api_keys" WHERE "id" = 'signing-secret' ON CONFLICT DO NOTHING;--> statement-breakpoint
DELETE FROM "api_keys" WHERE "id" = 'signing-secret';
