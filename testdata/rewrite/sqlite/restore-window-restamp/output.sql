UPDATE customers SET deleted_at = CURRENT_TIMESTAMP WHERE (id = 1) AND (customers.deleted_at IS NULL OR julianday(customers.deleted_at) > julianday('now', '-720 hours'))
