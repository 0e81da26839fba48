UPDATE customers c LEFT JOIN orders o ON (o.customer_id = c.id) AND o.is_deleted IS NOT TRUE SET c.phone = NULL WHERE (o.id IS NULL) AND c.deleted_at IS NULL
