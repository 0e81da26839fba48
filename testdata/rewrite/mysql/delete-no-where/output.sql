UPDATE support_tickets SET deleted_at = CURRENT_TIMESTAMP(6) WHERE support_tickets.deleted_at IS NULL
