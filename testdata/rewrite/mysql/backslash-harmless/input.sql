SELECT * FROM customers WHERE name LIKE 'a\_b%'
