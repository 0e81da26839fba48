DELETE o, i FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'cancelled'
