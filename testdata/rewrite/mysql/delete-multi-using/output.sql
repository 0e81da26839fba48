UPDATE orders AS o LEFT JOIN customers c ON c.deleted_at IS NULL AND (c.id = o.customer_id) SET o.is_deleted = TRUE WHERE o.is_deleted IS NOT TRUE AND (c.id IS NULL)
