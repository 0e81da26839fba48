UPDATE orders SET is_deleted = TRUE WHERE (status = 'cancelled') AND orders.is_deleted IS NOT TRUE
