SELECT id, name INTO @id, @name FROM customers WHERE (id = 1) AND customers.deleted_at IS NULL; SELECT count(*) FROM orders WHERE (total > 5) AND orders.is_deleted IS NOT TRUE INTO @n
