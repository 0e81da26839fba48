SET @v = (SELECT GROUP_CONCAT(name) FROM customers WHERE customers.deleted_at IS NULL)
