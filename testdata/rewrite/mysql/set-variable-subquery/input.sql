SET @n = (SELECT count(*) FROM customers)
