INSERT INTO report SELECT name FROM customers
