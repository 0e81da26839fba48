INSERT INTO customers (id, email) VALUES (1, 'x') ON CONFLICT DO NOTHING
