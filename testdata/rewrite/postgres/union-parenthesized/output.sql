(SELECT id FROM customers WHERE customers.deleted_at IS NULL ORDER BY id LIMIT 2) UNION ALL (SELECT id FROM leads)
