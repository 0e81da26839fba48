CREATE VIEW active_customers AS SELECT * FROM customers WHERE customers.deleted_at IS NULL
