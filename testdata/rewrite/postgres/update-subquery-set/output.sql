UPDATE customers SET phone = (SELECT max(subject) FROM support_tickets t WHERE (t.customer_id = customers.id) AND t.deleted_at IS NULL) WHERE (id < 10) AND customers.deleted_at IS NULL
