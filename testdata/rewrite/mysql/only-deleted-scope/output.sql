SELECT * FROM customers WHERE customers.deleted_at IS NOT NULL AND (region = 'eu')
