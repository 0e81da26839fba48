SELECT c.id, t.id FROM customers c LEFT JOIN support_tickets t ON t.deleted_at IS NULL AND (t.customer_id = c.id) WHERE c.deleted_at IS NULL
