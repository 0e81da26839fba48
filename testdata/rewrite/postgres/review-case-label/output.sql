SELECT c.id, o.id FROM customers c LEFT JOIN orders o ON o.is_deleted IS NOT TRUE AND (((SELECT o.customer_id <> c.id AS case), 1) = (false, 1)) WHERE c.deleted_at IS NULL
