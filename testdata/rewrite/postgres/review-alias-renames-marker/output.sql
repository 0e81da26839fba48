SELECT c.id FROM (SELECT * FROM customers WHERE deleted_at IS NULL) AS c(id, name, email, deleted_at, region, removed) WHERE c.deleted_at IS NULL
