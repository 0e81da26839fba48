SELECT 1; SELECT * FROM customers WHERE customers.deleted_at IS NULL; UPDATE orders SET is_deleted = TRUE WHERE (id = 1) AND orders.is_deleted IS NOT TRUE;
SELECT * FROM products
