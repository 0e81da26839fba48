SELECT 1; DELETE FROM customers WHERE id = 1; SELECT * FROM orders;
