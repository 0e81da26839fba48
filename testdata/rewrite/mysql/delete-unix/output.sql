UPDATE order_items SET deleted_unix = UNIX_TIMESTAMP() WHERE order_items.deleted_unix <=> 0 AND (qty = 0)
