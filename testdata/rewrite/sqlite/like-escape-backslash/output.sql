SELECT id FROM customers WHERE customers.deleted_at IS NULL AND (name LIKE 'a\_%' ESCAPE '\')
