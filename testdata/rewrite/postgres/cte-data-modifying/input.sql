WITH gone AS (DELETE FROM support_tickets WHERE status = 'spam' RETURNING id) SELECT count(*) FROM gone
