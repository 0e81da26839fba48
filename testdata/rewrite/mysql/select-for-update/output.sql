SELECT * FROM customers WHERE (id = ?) AND customers.deleted_at IS NULL FOR UPDATE
