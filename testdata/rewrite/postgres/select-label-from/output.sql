SELECT 1 AS from, c.where FROM customers c WHERE c.deleted_at IS NULL
