UPDATE customers c, orders o SET o.status = 'x' WHERE o.customer_id = c.id
