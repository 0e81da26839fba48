INSERT INTO leads (id, email) SELECT id, email FROM customers WHERE customers.deleted_at IS NULL AND (region = 'eu')
