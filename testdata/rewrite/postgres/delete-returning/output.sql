UPDATE customers c SET deleted_at = CURRENT_TIMESTAMP WHERE (c.region = 'eu') AND c.deleted_at IS NULL RETURNING c.id, NULLIF(c.deleted_at, c.deleted_at) AS deleted_at
