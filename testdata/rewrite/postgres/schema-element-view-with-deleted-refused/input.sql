CREATE SCHEMA archive CREATE VIEW all_customers AS SELECT * FROM customers
