UPDATE customers c, orders o SET o.status = 'x' WHERE c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE AND (o.customer_id = c.id)
