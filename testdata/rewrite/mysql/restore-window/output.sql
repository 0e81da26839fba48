UPDATE customers SET deleted_at = NULL WHERE customers.deleted_at IS NOT NULL AND (customers.deleted_at IS NULL OR customers.deleted_at > CURRENT_TIMESTAMP(6) - INTERVAL 720 HOUR) AND (id = ?)
