UPDATE customers c LEFT JOIN orders o ON o.customer_id = c.id SET c.phone = NULL WHERE o.id IS NULL
