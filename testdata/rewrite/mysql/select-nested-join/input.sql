SELECT * FROM customers c JOIN orders o JOIN order_items i ON i.order_id = o.id ON o.customer_id = c.id
