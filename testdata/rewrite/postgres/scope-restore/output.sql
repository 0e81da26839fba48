UPDATE customers SET deleted_at = NULL WHERE customers.deleted_at IS NOT NULL AND (customers.deleted_at IS NULL OR customers.deleted_at > CURRENT_TIMESTAMP - INTERVAL '720 hours') AND (id = $1)
