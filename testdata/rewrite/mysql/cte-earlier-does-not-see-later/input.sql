WITH a AS (SELECT * FROM orders), orders AS (SELECT 1 AS id) SELECT * FROM a
