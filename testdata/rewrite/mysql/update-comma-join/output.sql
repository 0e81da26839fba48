UPDATE customers c, orders o SET o.status = 'x' WHERE (o.customer_id = c.id) AND c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE
