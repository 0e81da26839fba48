WITH a AS (SELECT id FROM customers), orders AS (SELECT * FROM a) SELECT * FROM orders
