WITH gone AS (UPDATE support_tickets SET deleted_at = CURRENT_TIMESTAMP WHERE (status = 'spam') AND support_tickets.deleted_at IS NULL RETURNING id) SELECT count(*) FROM gone
