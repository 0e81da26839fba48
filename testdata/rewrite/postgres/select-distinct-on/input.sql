SELECT DISTINCT ON (customer_id) customer_id, subject FROM support_tickets ORDER BY customer_id, id DESC
