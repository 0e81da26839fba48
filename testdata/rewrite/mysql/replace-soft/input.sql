REPLACE INTO customers (id, name) VALUES (1, 'x')
