SELECT c.id FROM customers c, orders o WHERE o.is_deleted IS NOT TRUE AND ((c.deleted_at IS NULL AND o.customer_id = c.id) AND o.is_deleted = 0)
