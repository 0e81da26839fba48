SELECT * FROM customers c JOIN orders o ON (o.customer_id = c.id) AND o.is_deleted IS NOT TRUE
