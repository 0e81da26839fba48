SELECT * FROM customers c WHERE c.deleted_at IS NULL AND (c.id = $1) FOR UPDATE OF c SKIP LOCKED
