CREATE VIEW v AS SELECT * FROM customers WHERE customers.deleted_at IS NULL AND (region = 'eu') WITH LOCAL CHECK OPTION
