SELECT id FROM customers WHERE (region = 'eu' OR region = 'us') AND customers.deleted_at IS NULL
