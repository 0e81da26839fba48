SELECT id FROM order_items WHERE deleted_unix = 0; SELECT id FROM order_items WHERE 0 = deleted_unix AND qty > 1
