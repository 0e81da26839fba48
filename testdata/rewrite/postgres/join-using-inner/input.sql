SELECT * FROM orders JOIN order_items USING (id)
