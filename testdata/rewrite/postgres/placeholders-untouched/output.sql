SELECT * FROM customers WHERE customers.deleted_at IS NULL AND (id = $1 AND region = $2 OR email = $3)
