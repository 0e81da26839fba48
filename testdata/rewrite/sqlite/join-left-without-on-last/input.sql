SELECT * FROM customers a LEFT JOIN customers b
