SELECT c.id, t.id FROM support_tickets t RIGHT JOIN customers c ON t.customer_id = c.id
