DELETE FROM leads WHERE email IN (SELECT email FROM customers)
