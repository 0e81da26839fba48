(SELECT id FROM customers) UNION (SELECT customer_id FROM orders) ORDER BY 1 LIMIT 10
