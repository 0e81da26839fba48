UPDATE order_items SET deleted_unix = CAST(FLOOR(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)) AS bigint) WHERE order_items.deleted_unix = ANY ('{0}') AND (order_id = 3)
