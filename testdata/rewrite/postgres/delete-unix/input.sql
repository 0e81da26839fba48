DELETE FROM order_items WHERE order_id = 3
