UPDATE leads SET (id, email) = (SELECT id, email FROM customers WHERE customers.deleted_at IS NULL AND (id = 1 OR id = 2))
