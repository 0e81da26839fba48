SELECT * FROM customers AS C WHERE (c.deleted_at IS NULL) AND C.deleted_at IS NULL
