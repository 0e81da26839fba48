SELECT c.id, t.id FROM support_tickets t RIGHT JOIN customers c ON (t.customer_id = c.id) AND t.deleted_at IS NULL WHERE c.deleted_at IS NULL
