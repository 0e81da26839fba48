SELECT c.id, t.id FROM support_tickets t RIGHT JOIN customers c ON t.deleted_at IS NULL AND (t.customer_id = c.id) WHERE c.deleted_at IS NULL
