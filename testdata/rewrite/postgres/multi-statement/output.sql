SELECT 1; SELECT * FROM customers WHERE customers.deleted_at IS NULL; UPDATE orders SET is_deleted = TRUE WHERE orders.is_deleted IS NOT TRUE AND (id = 1);
SELECT * FROM products
