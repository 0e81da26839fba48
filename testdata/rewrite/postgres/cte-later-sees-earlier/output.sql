WITH a AS (SELECT id FROM customers WHERE customers.deleted_at IS NULL), b AS (SELECT * FROM a JOIN orders ON (orders.customer_id = a.id) AND orders.is_deleted IS NOT TRUE) SELECT * FROM b
