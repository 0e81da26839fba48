UPDATE leads SET (id, email) = (SELECT id, email FROM customers WHERE id = 1 OR id = 2)
