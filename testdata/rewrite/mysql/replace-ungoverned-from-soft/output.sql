REPLACE INTO products (id, name) SELECT id, name FROM customers WHERE customers.deleted_at IS NULL
