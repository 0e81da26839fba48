UPDATE customers c SET deleted_at = CURRENT_TIMESTAMP WHERE c.deleted_at IS NULL AND (c.region = 'eu') RETURNING c.id, NULLIF(c.deleted_at, c.deleted_at) AS deleted_at
