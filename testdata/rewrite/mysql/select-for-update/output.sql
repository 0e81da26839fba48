SELECT * FROM customers WHERE customers.deleted_at IS NULL AND (id = ?) FOR UPDATE
