INSERT INTO customers AS c (id, email) VALUES (1, 'x') ON CONFLICT (email) WHERE (region = 'eu') AND deleted_at IS NULL DO NOTHING
