UPDATE customers SET deleted_at = NULL WHERE (id = 1) AND customers.deleted_at IS NOT NULL
