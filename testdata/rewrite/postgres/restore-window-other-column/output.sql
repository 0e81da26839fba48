UPDATE customers SET name = 'x' WHERE (id = 1) AND customers.deleted_at IS NOT NULL
