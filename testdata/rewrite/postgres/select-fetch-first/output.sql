SELECT id FROM customers WHERE customers.deleted_at IS NULL ORDER BY id FETCH FIRST 3 ROWS ONLY
