SELECT * FROM customers WHERE id = = 1
