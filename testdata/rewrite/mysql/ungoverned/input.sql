SELECT * FROM products WHERE price > 10
