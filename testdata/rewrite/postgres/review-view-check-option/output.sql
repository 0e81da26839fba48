CREATE VIEW v AS SELECT * FROM customers WHERE (region = 'eu') AND customers.deleted_at IS NULL WITH LOCAL CHECK OPTION
