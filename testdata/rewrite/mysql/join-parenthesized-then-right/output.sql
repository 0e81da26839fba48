SELECT * FROM (orders o JOIN customers c) RIGHT JOIN products p ON o.is_deleted IS NOT TRUE AND c.deleted_at IS NULL AND (p.id = o.id AND o.customer_id = c.id)
