SELECT * FROM customers c, LATERAL (SELECT * FROM orders o WHERE o.is_deleted IS NOT TRUE AND (o.customer_id = c.id) ORDER BY o.id DESC LIMIT 1) last WHERE c.deleted_at IS NULL
