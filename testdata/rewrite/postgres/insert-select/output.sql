INSERT INTO leads (id, email) SELECT id + 1000, email FROM customers WHERE customers.deleted_at IS NULL AND (region = 'eu')
