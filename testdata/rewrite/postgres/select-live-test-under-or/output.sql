SELECT * FROM customers c WHERE c.deleted_at IS NULL AND (c.deleted_at IS NULL OR c.id = 1)
