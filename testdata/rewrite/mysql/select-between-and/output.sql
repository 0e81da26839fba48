SELECT id FROM orders WHERE orders.is_deleted IS NOT TRUE AND (total BETWEEN 1 AND 5 AND is_deleted = 0)
