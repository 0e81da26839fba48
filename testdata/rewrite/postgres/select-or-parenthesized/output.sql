SELECT * FROM customers WHERE (email = $1 OR phone = $2) AND customers.deleted_at IS NULL
