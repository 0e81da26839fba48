SELECT * FROM (SELECT id, region FROM customers) d (a, b) JOIN orders o ON o.customer_id = d.a
