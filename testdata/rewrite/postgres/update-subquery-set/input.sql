UPDATE customers SET phone = (SELECT max(subject) FROM support_tickets t WHERE t.customer_id = customers.id) WHERE id < 10
