UPDATE customers AS c SET deleted_at = CURRENT_TIMESTAMP(6) WHERE c.deleted_at IS NULL AND (c.region = 'eu')
