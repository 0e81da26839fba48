UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.name = 'vip' WHERE o.total > 100
