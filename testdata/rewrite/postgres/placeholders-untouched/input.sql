SELECT * FROM customers WHERE id = $1 AND region = $2 OR email = $3
