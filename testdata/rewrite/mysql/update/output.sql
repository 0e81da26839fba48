UPDATE customers SET name = ? WHERE (id = ?) AND customers.deleted_at IS NULL
