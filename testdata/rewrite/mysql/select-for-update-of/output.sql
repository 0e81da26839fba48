SELECT * FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE FOR UPDATE OF c SKIP LOCKED
