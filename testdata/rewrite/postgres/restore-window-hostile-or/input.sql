UPDATE customers SET deleted_at = NULL WHERE id = 1 OR false AND (customers.deleted_at IS NULL OR customers.deleted_at > CURRENT_TIMESTAMP - INTERVAL '720 hours')
