SELECT id FROM orders WHERE total BETWEEN 1 AND 5 AND is_deleted = 0
