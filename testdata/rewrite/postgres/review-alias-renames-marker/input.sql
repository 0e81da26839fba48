SELECT c.id FROM customers AS c(id, name, email, deleted_at, region, removed) WHERE c.deleted_at IS NULL
