UPDATE customers c LEFT JOIN orders o ON o.is_deleted IS NOT TRUE AND (o.customer_id = c.id) SET c.phone = NULL WHERE c.deleted_at IS NULL AND (o.id IS NULL)
