WITH a AS (SELECT id FROM customers WHERE customers.deleted_at IS NULL), b AS (SELECT * FROM a JOIN orders ON orders.is_deleted IS NOT TRUE AND (orders.customer_id = a.id)) SELECT * FROM b
