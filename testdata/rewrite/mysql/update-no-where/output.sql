UPDATE orders SET status = 'x' WHERE orders.is_deleted IS NOT TRUE ORDER BY id LIMIT 3
