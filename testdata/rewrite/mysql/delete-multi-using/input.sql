DELETE FROM o USING orders AS o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL
