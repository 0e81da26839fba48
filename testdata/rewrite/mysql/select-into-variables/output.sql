SELECT id, name INTO @id, @name FROM customers WHERE customers.deleted_at IS NULL AND (id = 1); SELECT count(*) FROM orders WHERE orders.is_deleted IS NOT TRUE AND (total > 5) INTO @n
