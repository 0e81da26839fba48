SELECT * FROM customers c JOIN support_tickets t JOIN notes n ON t.deleted_at IS NULL AND n."RemovedAt" IS NULL AND (n.customer_id = t.customer_id) ON c.deleted_at IS NULL AND (t.customer_id = c.id)
