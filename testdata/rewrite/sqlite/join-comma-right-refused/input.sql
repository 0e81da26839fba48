SELECT * FROM orders o, customers c RIGHT JOIN products p ON p.id = o.id
