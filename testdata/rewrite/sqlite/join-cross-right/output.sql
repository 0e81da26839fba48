SELECT * FROM (SELECT * FROM orders WHERE is_deleted IS NOT TRUE) o CROSS JOIN (SELECT * FROM customers WHERE deleted_at IS NULL) c FULL JOIN products p ON p.id = o.id
