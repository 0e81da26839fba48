SELECT 1; UPDATE customers SET deleted_at = CURRENT_TIMESTAMP WHERE customers.deleted_at IS NULL AND (id = 1); SELECT * FROM orders WHERE orders.is_deleted IS NOT TRUE;
