SELECT c.id, t.id FROM customers c FULL OUTER JOIN support_tickets t ON t.customer_id = c.id
