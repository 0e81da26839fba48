WITH a AS (SELECT * FROM orders WHERE orders.is_deleted IS NOT TRUE), orders AS (SELECT 1 AS id) SELECT * FROM a
