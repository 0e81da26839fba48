DELETE FROM order_items i USING orders o WHERE o.id = i.order_id AND o.status = 'cancelled'
