-- Customer search: trigram matching (pg_trgm, a trusted contrib extension since PostgreSQL 13,
-- so the database owner may create it) over one text per customer, indexed in the next migration.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- What a search matches: the customer id and every trait value (nested ones too: strings,
-- numbers, booleans), one per line. Trait names are left out, so searching "plan" finds plan
-- values, not everyone who has a plan. Immutable, so an index can be built on it.
CREATE FUNCTION customer_search_text(customer_id text, traits jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN customer_id || E'\n' || coalesce((
  SELECT string_agg(v.value #>> '{}', E'\n')
  FROM jsonb_path_query(
    traits,
    'strict $.** ? (@.type() == "string" || @.type() == "number" || @.type() == "boolean")'
  ) AS v(value)
), '');
