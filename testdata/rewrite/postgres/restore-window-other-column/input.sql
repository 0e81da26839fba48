UPDATE customers SET name = 'x' WHERE id = 1
