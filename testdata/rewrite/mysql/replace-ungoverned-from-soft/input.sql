REPLACE INTO products (id, name) SELECT id, name FROM customers
