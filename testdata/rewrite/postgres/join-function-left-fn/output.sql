SELECT left(c.name, 2) FROM customers c LEFT JOIN orders o ON (o.customer_id = c.id AND left(o.status, 1) = 'p') AND o.is_deleted IS NOT TRUE WHERE (right(c.name, 1) = 'a') AND c.deleted_at IS NULL
