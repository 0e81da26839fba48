CREATE VIEW live_customers AS SELECT id, name FROM customers WHERE customers.deleted_at IS NULL
