SELECT * FROM customers c JOIN orders o ON (o.customer_id = c.id) AND c.deleted_at IS NOT NULL AND o.is_deleted IS NOT TRUE
