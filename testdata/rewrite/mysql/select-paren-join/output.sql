SELECT * FROM (customers c, orders o) LEFT JOIN order_items i ON i.deleted_unix <=> 0 AND (i.order_id = o.id) WHERE c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE
