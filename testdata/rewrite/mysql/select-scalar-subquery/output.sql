SELECT c.id, (SELECT count(*) FROM orders o WHERE o.is_deleted IS NOT TRUE AND (o.customer_id = c.id)) AS n FROM customers c WHERE c.deleted_at IS NULL
