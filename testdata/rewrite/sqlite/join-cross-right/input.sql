SELECT * FROM orders o CROSS JOIN customers c FULL JOIN products p ON p.id = o.id
