UPDATE customers SET name = $1 WHERE customers.deleted_at IS NULL AND (id = $2)
