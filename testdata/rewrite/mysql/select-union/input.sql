SELECT id FROM customers WHERE region = 'eu' UNION ALL SELECT id FROM support_tickets
