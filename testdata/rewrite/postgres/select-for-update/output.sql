SELECT * FROM customers c WHERE (c.id = $1) AND c.deleted_at IS NULL FOR UPDATE OF c SKIP LOCKED
