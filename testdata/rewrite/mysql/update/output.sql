UPDATE customers SET name = ? WHERE customers.deleted_at IS NULL AND (id = ?)
