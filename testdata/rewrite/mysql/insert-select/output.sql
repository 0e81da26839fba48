INSERT INTO leads (id, email) SELECT id, email FROM customers WHERE (region = 'eu') AND customers.deleted_at IS NULL
