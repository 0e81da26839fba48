UPDATE orders SET status = 'archived' WHERE orders.is_deleted IS NOT TRUE RETURNING id
