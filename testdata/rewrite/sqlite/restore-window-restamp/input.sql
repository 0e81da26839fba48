UPDATE customers SET deleted_at = CURRENT_TIMESTAMP WHERE id = 1
