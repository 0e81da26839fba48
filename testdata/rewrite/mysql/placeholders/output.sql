SELECT * FROM customers WHERE customers.deleted_at IS NULL AND (region = ? AND id > ?) LIMIT ?
