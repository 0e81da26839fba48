SELECT j.id FROM (customers c JOIN orders o ON o.customer_id = c.id) AS j
