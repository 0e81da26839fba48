CREATE VIEW live_customers AS SELECT id, name FROM customers
