SELECT left(c.name, 2) FROM customers c LEFT JOIN orders o ON o.is_deleted IS NOT TRUE AND (o.customer_id = c.id AND left(o.status, 1) = 'p') WHERE c.deleted_at IS NULL AND (right(c.name, 1) = 'a')
