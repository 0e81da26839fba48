SELECT * FROM orders LEFT JOIN customers USING (id)
