UPDATE customers SET deleted_at = NULL WHERE customers.deleted_at IS NOT NULL AND (id = $1)
