SELECT * FROM customers AS C WHERE C.deleted_at IS NULL AND (c.deleted_at IS NULL)
