UPDATE orders SET is_deleted = TRUE WHERE (id = 3) AND orders.is_deleted IS NOT TRUE
