INSERT INTO customers (id, email) VALUES (1, 'x') ON CONFLICT ON CONSTRAINT customers_email_key DO NOTHING
