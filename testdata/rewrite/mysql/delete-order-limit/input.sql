DELETE FROM customers WHERE region = 'eu' ORDER BY created_at LIMIT 2
