SELECT c.id, t.id FROM (SELECT * FROM customers WHERE deleted_at IS NULL) c FULL OUTER JOIN (SELECT * FROM support_tickets WHERE deleted_at IS NULL) t ON t.customer_id = c.id
