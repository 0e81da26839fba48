UPDATE orders o JOIN order_items i ON i.order_id = o.id SET o.is_deleted = TRUE, i.deleted_unix = UNIX_TIMESTAMP() WHERE o.is_deleted IS NOT TRUE AND i.deleted_unix <=> 0 AND (o.status = 'cancelled')
