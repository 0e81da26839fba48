SELECT name FROM customers WHERE (id IN (SELECT customer_id FROM orders WHERE (total > ?) AND orders.is_deleted IS NOT TRUE)) AND customers.deleted_at IS NULL ORDER BY name LIMIT 5
