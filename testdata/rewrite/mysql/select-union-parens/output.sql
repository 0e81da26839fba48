(SELECT id FROM customers WHERE customers.deleted_at IS NULL) UNION (SELECT customer_id FROM orders WHERE orders.is_deleted IS NOT TRUE) ORDER BY 1 LIMIT 10
