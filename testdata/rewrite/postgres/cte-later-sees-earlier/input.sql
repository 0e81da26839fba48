WITH a AS (SELECT id FROM customers), b AS (SELECT * FROM a JOIN orders ON orders.customer_id = a.id) SELECT * FROM b
