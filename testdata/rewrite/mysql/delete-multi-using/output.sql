UPDATE orders AS o LEFT JOIN customers c ON (c.id = o.customer_id) AND c.deleted_at IS NULL SET o.is_deleted = TRUE WHERE (c.id IS NULL) AND o.is_deleted IS NOT TRUE
