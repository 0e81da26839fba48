UPDATE support_tickets SET deleted_at = NULL FROM customers c WHERE c.id = support_tickets.customer_id AND c.region = 'eu'
