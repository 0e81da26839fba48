SELECT 1; UPDATE customers SET deleted_at = CURRENT_TIMESTAMP WHERE (id = 1) AND customers.deleted_at IS NULL; SELECT * FROM orders WHERE orders.is_deleted IS NOT TRUE;
