UPDATE customers SET deleted_at = NULL WHERE CASE WHEN id = 4 THEN TRUE ELSE FALSE AND (customers.deleted_at IS NULL OR customers.deleted_at > CURRENT_TIMESTAMP - INTERVAL '720 hours') AND TRUE END
