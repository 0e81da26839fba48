SELECT * FROM customers c, orders o WHERE (o.customer_id = c.id) AND c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE
