SELECT id AS distinct FROM customers WHERE customers.deleted_at IS NULL
