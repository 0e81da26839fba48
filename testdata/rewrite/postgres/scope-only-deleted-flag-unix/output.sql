SELECT * FROM orders o JOIN order_items i ON (i.order_id = o.id) AND o.is_deleted IS TRUE AND i.deleted_unix <> 0
