UPDATE order_items SET deleted_unix = CAST(FLOOR(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)) AS bigint) WHERE (order_id = 3) AND order_items.deleted_unix = 0
