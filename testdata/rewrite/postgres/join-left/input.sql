SELECT c.id, t.id FROM customers c LEFT JOIN support_tickets t ON t.customer_id = c.id
