SELECT * FROM customers c JOIN support_tickets t JOIN notes n ON (n.customer_id = t.customer_id) AND t.deleted_at IS NULL AND n."RemovedAt" IS NULL ON (t.customer_id = c.id) AND c.deleted_at IS NULL
