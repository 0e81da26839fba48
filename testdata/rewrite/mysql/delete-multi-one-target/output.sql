UPDATE orders o JOIN customers c ON c.id = o.customer_id SET o.is_deleted = TRUE WHERE o.is_deleted IS NOT TRUE AND c.deleted_at IS NULL AND (c.region = 'eu')
