CREATE VIEW v AS SELECT id FROM customers WHERE (region = 1) AND customers.deleted_at IS NULL WITH LOCAL CHECK OPTION
