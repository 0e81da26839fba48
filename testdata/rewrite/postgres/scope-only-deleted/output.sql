SELECT * FROM customers c JOIN orders o ON c.deleted_at IS NOT NULL AND o.is_deleted IS NOT TRUE AND (o.customer_id = c.id)
