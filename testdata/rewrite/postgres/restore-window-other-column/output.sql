UPDATE customers SET name = 'x' WHERE customers.deleted_at IS NOT NULL AND (id = 1)
