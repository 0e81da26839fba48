WITH RECURSIVE chain(id, n) AS (SELECT id, 1 FROM customers WHERE id = 1 UNION ALL SELECT c.id, chain.n + 1 FROM chain JOIN customers c ON c.id = chain.id + 1 WHERE chain.n < 5) SELECT * FROM chain
