UPDATE customers SET deleted_at = NULL WHERE id BETWEEN 1 AND (customers.deleted_at IS NULL OR customers.deleted_at > CURRENT_TIMESTAMP - INTERVAL '720 hours')::int
