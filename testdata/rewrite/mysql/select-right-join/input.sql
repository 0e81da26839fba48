SELECT c.id, o.id FROM orders o RIGHT OUTER JOIN customers c ON o.customer_id = c.id
