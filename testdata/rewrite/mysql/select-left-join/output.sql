SELECT c.id, o.id FROM customers c LEFT JOIN orders o ON (o.customer_id = c.id) AND o.is_deleted IS NOT TRUE WHERE (c.region = 'eu') AND c.deleted_at IS NULL
