SELECT id FROM order_items WHERE deleted_unix = 0; SELECT id FROM order_items WHERE order_items.deleted_unix <=> 0 AND (0 = deleted_unix AND qty > 1)
