WITH gone AS (UPDATE support_tickets SET deleted_at = CURRENT_TIMESTAMP WHERE support_tickets.deleted_at IS NULL AND (status = 'spam') RETURNING id) SELECT count(*) FROM gone
