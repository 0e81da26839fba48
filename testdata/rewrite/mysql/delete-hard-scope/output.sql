DELETE FROM customers WHERE (id = 1) AND customers.deleted_at IS NULL
