SELECT * FROM orders o JOIN customers c RIGHT JOIN products p ON p.id = o.id
