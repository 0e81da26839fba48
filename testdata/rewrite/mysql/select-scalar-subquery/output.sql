SELECT c.id, (SELECT count(*) FROM orders o WHERE (o.customer_id = c.id) AND o.is_deleted IS NOT TRUE) AS n FROM customers c WHERE c.deleted_at IS NULL
