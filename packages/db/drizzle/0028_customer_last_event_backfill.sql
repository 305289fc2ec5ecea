-- The newest event time of each customer so far; the runtime keeps it from here on.
UPDATE customers c SET last_event_at = e.newest
FROM (SELECT workspace_id, customer_id, max(timestamp) AS newest FROM events GROUP BY workspace_id, customer_id) e
WHERE c.workspace_id = e.workspace_id AND c.customer_id = e.customer_id;
