DELETE FROM order_items WHERE qty = 0
