UPDATE customers SET deleted_at = CURRENT_TIMESTAMP WHERE (customers.deleted_at IS NULL OR julianday(customers.deleted_at) > julianday('now', '-720 hours')) AND (id = 1)
