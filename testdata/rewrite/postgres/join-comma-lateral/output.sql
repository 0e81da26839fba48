SELECT * FROM customers c, LATERAL (SELECT * FROM orders o WHERE (o.customer_id = c.id) AND o.is_deleted IS NOT TRUE ORDER BY o.id DESC LIMIT 1) last WHERE c.deleted_at IS NULL
