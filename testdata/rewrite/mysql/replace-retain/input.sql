REPLACE INTO invoices (id) VALUES (1)
