INSERT INTO products (id, name) VALUES (1, 'x') ON DUPLICATE KEY UPDATE price = (SELECT max(total) FROM orders)
