SELECT * FROM customers WHERE (id IN (SELECT customer_id FROM orders WHERE (total > 100) AND orders.is_deleted IS NOT TRUE)) AND customers.deleted_at IS NULL
