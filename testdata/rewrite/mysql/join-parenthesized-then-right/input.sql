SELECT * FROM (orders o JOIN customers c) RIGHT JOIN products p ON p.id = o.id AND o.customer_id = c.id
