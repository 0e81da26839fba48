SELECT 1; SELECT * FROM customers; DELETE FROM orders WHERE id = 1;
SELECT * FROM products
