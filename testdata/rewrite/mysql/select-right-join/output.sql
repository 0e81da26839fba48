SELECT c.id, o.id FROM orders o RIGHT OUTER JOIN customers c ON o.is_deleted IS NOT TRUE AND (o.customer_id = c.id) WHERE c.deleted_at IS NULL
