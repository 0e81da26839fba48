INSERT INTO customers (id, name) VALUES (?, ?)
