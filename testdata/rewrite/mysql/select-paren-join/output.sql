SELECT * FROM (customers c, orders o) LEFT JOIN order_items i ON (i.order_id = o.id) AND i.deleted_unix = 0 WHERE c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE
