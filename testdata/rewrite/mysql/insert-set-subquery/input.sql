INSERT INTO products SET id = 1, price = (SELECT count(*) FROM customers)
