SELECT id, name INTO @id, @name FROM customers WHERE id = 1; SELECT count(*) FROM orders WHERE total > 5 INTO @n
