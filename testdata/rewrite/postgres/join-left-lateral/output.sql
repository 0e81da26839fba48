SELECT * FROM customers c LEFT JOIN LATERAL (SELECT count(*) AS n FROM support_tickets t WHERE (t.customer_id = c.id) AND t.deleted_at IS NULL) s ON true WHERE c.deleted_at IS NULL
