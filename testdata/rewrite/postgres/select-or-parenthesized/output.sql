SELECT * FROM customers WHERE customers.deleted_at IS NULL AND (email = $1 OR phone = $2)
