SELECT * FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.is_deleted IS NOT TRUE
