WITH a AS (SELECT id FROM customers WHERE customers.deleted_at IS NULL), orders AS (SELECT * FROM a) SELECT * FROM orders
