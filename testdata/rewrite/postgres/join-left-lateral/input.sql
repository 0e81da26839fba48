SELECT * FROM customers c LEFT JOIN LATERAL (SELECT count(*) AS n FROM support_tickets t WHERE t.customer_id = c.id) s ON true
