SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND (EXISTS (SELECT 1 FROM support_tickets t WHERE t.deleted_at IS NULL AND (t.customer_id = c.id)))
