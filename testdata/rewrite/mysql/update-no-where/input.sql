UPDATE orders SET status = 'x' ORDER BY id LIMIT 3
