SELECT 1; SELECT * FROM customers WHERE customers.deleted_at IS NULL; DELETE FROM leads WHERE id = 1
