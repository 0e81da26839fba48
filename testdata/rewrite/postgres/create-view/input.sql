CREATE VIEW active_customers AS SELECT * FROM customers
