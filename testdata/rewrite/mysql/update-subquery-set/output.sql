UPDATE products SET price = (SELECT max(total) FROM orders WHERE orders.is_deleted IS NOT TRUE)
