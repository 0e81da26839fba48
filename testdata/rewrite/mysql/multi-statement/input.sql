SELECT 1; SELECT * FROM customers; DELETE FROM leads WHERE id = 1
