DELETE FROM leads WHERE id = 1 RETURNING id, (SELECT count(*) FROM customers WHERE customers.deleted_at IS NULL) AS n
