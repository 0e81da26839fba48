SELECT id FROM customers WHERE (region = 'eu') AND customers.deleted_at IS NULL UNION ALL SELECT id FROM support_tickets WHERE support_tickets.deleted_at IS NULL
