UPDATE orders SET status = 'archived' RETURNING id
