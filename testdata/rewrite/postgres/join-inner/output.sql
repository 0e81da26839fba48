SELECT * FROM customers c JOIN support_tickets t ON c.deleted_at IS NULL AND t.deleted_at IS NULL AND (t.customer_id = c.id)
