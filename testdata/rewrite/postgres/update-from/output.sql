UPDATE orders o SET status = 'orphan' FROM customers c WHERE o.is_deleted IS NOT TRUE AND c.deleted_at IS NULL AND (c.id = o.customer_id AND c.region = 'us')
