SELECT region, status, count(*) FROM customers c JOIN orders o ON (o.customer_id = c.id) AND c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE GROUP BY GROUPING SETS ((region), (status), ())
