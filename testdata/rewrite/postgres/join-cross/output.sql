SELECT * FROM customers CROSS JOIN regions WHERE customers.deleted_at IS NULL
