SELECT id FROM customers WHERE customers.deleted_at IS NULL AND (region = 'eu') UNION ALL SELECT id FROM support_tickets WHERE support_tickets.deleted_at IS NULL
