CREATE TABLE customers_copy LIKE customers
