CREATE VIEW all_customers AS SELECT * FROM customers
