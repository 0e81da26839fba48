DELETE i FROM invoices i JOIN customers c ON c.id = i.customer_id
