DROP TABLE customers
