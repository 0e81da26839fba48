SELECT * FROM orders o JOIN order_items i ON o.is_deleted IS NOT TRUE AND i.deleted_unix = ANY ('{0}') AND (i.order_id = o.id AND i.deleted_unix = 0) WHERE NOT o.is_deleted
