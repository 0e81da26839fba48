UPDATE customers c SET c.deleted_at = CURRENT_TIMESTAMP(6) WHERE (c.id = 1) AND c.deleted_at IS NULL
