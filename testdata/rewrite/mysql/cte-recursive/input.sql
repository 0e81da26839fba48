WITH RECURSIVE r (id, n) AS (SELECT id, 1 FROM customers WHERE id = 1 UNION ALL SELECT c.id, r.n + 1 FROM customers c JOIN r ON c.id = r.id + 1 WHERE r.n < 5) SELECT * FROM r
