UPDATE orders SET is_deleted = TRUE WHERE orders.is_deleted IS NOT TRUE AND (status = 'cancelled')
