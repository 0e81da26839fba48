CREATE TABLE snapshot AS SELECT * FROM orders
