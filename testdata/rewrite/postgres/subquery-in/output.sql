SELECT * FROM customers WHERE customers.deleted_at IS NULL AND (id IN (SELECT customer_id FROM orders WHERE orders.is_deleted IS NOT TRUE AND (total > 100)))
