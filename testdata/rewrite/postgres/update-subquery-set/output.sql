UPDATE customers SET phone = (SELECT max(subject) FROM support_tickets t WHERE t.deleted_at IS NULL AND (t.customer_id = customers.id)) WHERE customers.deleted_at IS NULL AND (id < 10)
