SELECT c.id, l.n FROM customers c, LATERAL (SELECT count(*) AS n FROM orders o WHERE (o.customer_id = c.id) AND o.is_deleted IS NOT TRUE) AS l WHERE c.deleted_at IS NULL
