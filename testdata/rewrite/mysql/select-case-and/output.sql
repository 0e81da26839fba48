SELECT id FROM customers WHERE customers.deleted_at IS NULL AND (CASE WHEN region = 'eu' AND deleted_at IS NULL AND id > 0 THEN 1 ELSE 0 END = 1)
