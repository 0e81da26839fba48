SET @n = (SELECT count(*) FROM customers WHERE customers.deleted_at IS NULL)
