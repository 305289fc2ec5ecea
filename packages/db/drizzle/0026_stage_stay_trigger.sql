-- Each stage_history row is the stay its change began; the customer's next change ends it. The
-- trigger sets the previous row's left_at and moved_to as the next one is inserted, whoever
-- inserts it (the runtime, an import), so the funnel reads stays by period through an index.
CREATE FUNCTION stage_history_end_stay() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stage_history SET left_at = NEW.at, moved_to = NEW.to_stage
  WHERE workspace_id = NEW.workspace_id AND customer_id = NEW.customer_id AND id = (
    SELECT max(id) FROM stage_history
    WHERE workspace_id = NEW.workspace_id AND customer_id = NEW.customer_id AND id < NEW.id
  );
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER stage_history_end_stay AFTER INSERT ON stage_history
FOR EACH ROW EXECUTE FUNCTION stage_history_end_stay();
--> statement-breakpoint
-- The stays recorded before: each ended by the customer's next change, in recorded order.
UPDATE stage_history h SET left_at = n.left_at, moved_to = n.moved_to
FROM (
  SELECT workspace_id, customer_id, id,
    lead(at) OVER w AS left_at, lead(to_stage) OVER w AS moved_to
  FROM stage_history
  WINDOW w AS (PARTITION BY workspace_id, customer_id ORDER BY id)
) n
WHERE h.workspace_id = n.workspace_id AND h.customer_id = n.customer_id AND h.id = n.id
  AND n.left_at IS NOT NULL;
