SELECT c.id, l.n FROM customers c, LATERAL (SELECT count(*) AS n FROM orders o WHERE o.is_deleted IS NOT TRUE AND (o.customer_id = c.id)) AS l WHERE c.deleted_at IS NULL
