SELECT * FROM customers c JOIN orders o ON o.is_deleted IS NOT TRUE AND (o.customer_id = c.id)
