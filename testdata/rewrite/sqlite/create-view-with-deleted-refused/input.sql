CREATE TEMP VIEW all_customers AS SELECT * FROM customers
