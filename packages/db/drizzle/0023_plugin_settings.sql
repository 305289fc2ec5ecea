CREATE TABLE "plugin_settings" (
	"workspace_id" text NOT NULL,
	"package" text NOT NULL,
	"settings" jsonb NOT NULL,
	"secrets" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plugin_settings_workspace_id_package_pk" PRIMARY KEY("workspace_id","package")
);
