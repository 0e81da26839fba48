UPDATE products SET price = (SELECT max(total) FROM orders)
