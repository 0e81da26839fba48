SELECT id FROM customers UNION SELECT customer_id FROM orders EXCEPT SELECT customer_id FROM support_tickets ORDER BY 1
