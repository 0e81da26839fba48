UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.name = 'vip' WHERE c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE AND (o.total > 100)
