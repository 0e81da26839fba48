SELECT * FROM customers c JOIN support_tickets t ON (t.customer_id = c.id) AND c.deleted_at IS NULL AND t.deleted_at IS NULL
