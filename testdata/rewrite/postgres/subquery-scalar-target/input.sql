SELECT c.id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) FROM customers c
