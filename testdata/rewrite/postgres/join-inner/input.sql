SELECT * FROM customers c JOIN support_tickets t ON t.customer_id = c.id
