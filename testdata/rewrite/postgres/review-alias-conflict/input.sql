SELECT c.id FROM customers c LEFT JOIN orders conflict ON conflict.customer_id = c.id
