SELECT * FROM customers WHERE (region = ? AND id > ?) AND customers.deleted_at IS NULL LIMIT ?
