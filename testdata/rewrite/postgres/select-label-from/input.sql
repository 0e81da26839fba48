SELECT 1 AS from, c.where FROM customers c
