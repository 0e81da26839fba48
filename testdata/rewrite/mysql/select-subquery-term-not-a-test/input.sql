SELECT id FROM customers WHERE (SELECT 1 FROM orders WHERE total > 0 AND deleted_at IS NULL LIMIT 1) AND (region = 'eu', deleted_at IS NULL) = ('eu', 1)
