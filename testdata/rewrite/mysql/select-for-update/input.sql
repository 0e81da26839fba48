SELECT * FROM customers WHERE id = ? FOR UPDATE
