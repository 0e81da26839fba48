INSERT INTO temp.report SELECT name FROM customers
