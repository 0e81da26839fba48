SELECT * FROM customers c LEFT JOIN LATERAL (SELECT count(*) AS n FROM support_tickets t WHERE t.deleted_at IS NULL AND (t.customer_id = c.id)) s ON true WHERE c.deleted_at IS NULL
