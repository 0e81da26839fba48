SELECT DISTINCT ON (customer_id) customer_id, subject FROM support_tickets WHERE support_tickets.deleted_at IS NULL ORDER BY customer_id, id DESC
