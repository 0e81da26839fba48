UPDATE order_items SET deleted_unix = UNIX_TIMESTAMP() WHERE (qty = 0) AND order_items.deleted_unix = 0
