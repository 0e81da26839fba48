SELECT * FROM orders o JOIN order_items i ON i.order_id = o.id AND i.deleted_unix = 0 WHERE NOT o.is_deleted
