CREATE VIEW v AS SELECT id FROM customers WHERE customers.deleted_at IS NULL AND (region = 1) WITH LOCAL CHECK OPTION
