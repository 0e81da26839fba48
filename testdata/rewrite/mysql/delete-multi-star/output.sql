UPDATE customers c SET c.deleted_at = CURRENT_TIMESTAMP(6) WHERE c.deleted_at IS NULL AND (c.id = 1)
