UPDATE customers c JOIN support_tickets s ON s.customer_id = c.id SET c.deleted_at = NULL, s.deleted_at = NULL WHERE c.id = 1
