INSERT INTO leads (id, email) VALUES (1, 'x') RETURNING id
