SELECT region, status, count(*) FROM customers c JOIN orders o ON c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE AND (o.customer_id = c.id) GROUP BY GROUPING SETS ((region), (status), ())
