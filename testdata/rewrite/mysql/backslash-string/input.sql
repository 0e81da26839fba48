SELECT * FROM customers WHERE name = 'a\' OR email = ' -- '
