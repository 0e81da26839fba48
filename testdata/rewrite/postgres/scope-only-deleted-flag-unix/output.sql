SELECT * FROM orders o JOIN order_items i ON o.is_deleted IS TRUE AND i.deleted_unix <> 0 AND (i.order_id = o.id)
