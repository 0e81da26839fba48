UPDATE customers SET deleted_at = CURRENT_TIMESTAMP(6) WHERE (region = 'eu') AND customers.deleted_at IS NULL ORDER BY created_at LIMIT 2
