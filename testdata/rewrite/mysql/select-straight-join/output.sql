SELECT STRAIGHT_JOIN c.id FROM customers c STRAIGHT_JOIN orders o ON c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE AND (o.customer_id = c.id)
