UPDATE orders o JOIN customers c ON (c.id = o.customer_id) AND o.is_deleted IS NOT TRUE AND c.deleted_at IS NULL SET o.is_deleted = TRUE WHERE c.region = 'eu'
