SELECT * FROM orders o LEFT JOIN order_items USING (id)
