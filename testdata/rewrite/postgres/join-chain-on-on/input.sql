SELECT * FROM customers c JOIN support_tickets t JOIN notes n ON n.customer_id = t.customer_id ON t.customer_id = c.id
