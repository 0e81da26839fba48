SELECT STRAIGHT_JOIN c.id FROM customers c STRAIGHT_JOIN orders o ON o.customer_id = c.id
