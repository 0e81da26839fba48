SELECT id FROM customers WHERE customers.deleted_at IS NULL AND (region = 'eu' OR region = 'us')
