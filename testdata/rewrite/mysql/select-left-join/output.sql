SELECT c.id, o.id FROM customers c LEFT JOIN orders o ON o.is_deleted IS NOT TRUE AND (o.customer_id = c.id) WHERE c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE AND (c.region = 'eu')
