UPDATE support_tickets SET deleted_at = CURRENT_TIMESTAMP WHERE support_tickets.deleted_at IS NULL
